import { hostname } from 'node:os';
import { loadConfig, DEFAULT_TOPIC_ENDPOINTS } from './certplane-config';
import { ConfigError } from './config.errors';

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.natsUrl).toBeUndefined();
    expect(c.topicEndpoints).toEqual(DEFAULT_TOPIC_ENDPOINTS);
    expect(c.nats).toMatchObject({
      stream: 'certplane-events',
      subjectPrefix: 'certplane.events',
      duplicateWindowMs: 120_000,
    });
  });

  it.each([
    ['PORT', 'eighty', 'PORT'],
    ['PORT', '70000', 'PORT'],
    ['DATABASE_URL', 'not a url', 'DATABASE_URL'],
    ['CERTPLANE_API_TOKEN', 'short', 'CERTPLANE_API_TOKEN'],
    ['CERTPLANE_NATS_SUBJECT_PREFIX', 'a..b', 'CERTPLANE_NATS_SUBJECT_PREFIX'],
    ['CERTPLANE_NATS_STREAM', 'has space', 'CERTPLANE_NATS_STREAM'],
    ['CERTPLANE_NATS_DUPLICATE_WINDOW_MS', '999', 'CERTPLANE_NATS_DUPLICATE_WINDOW_MS'],
    ['CERTPLANE_NATS_DUPLICATE_WINDOW_MS', '5000', 'CERTPLANE_NATS_DUPLICATE_WINDOW_MS'],
    ['CERTPLANE_TOPIC_ENDPOINTS', '[1,2]', 'CERTPLANE_TOPIC_ENDPOINTS'],
    ['CERTPLANE_TOPIC_ENDPOINTS', '{"cert":1}', 'CERTPLANE_TOPIC_ENDPOINTS'],
    ['CERTPLANE_MIGRATE_ON_START', 'yes', 'CERTPLANE_MIGRATE_ON_START'],
    ['CERTPLANE_CA_CERT_FILE', '/tmp/ca.pem', 'CERTPLANE_CA_KEY_FILE'],
    ['CERTPLANE_WORKER_HTTP_PORT', 'ninety', 'CERTPLANE_WORKER_HTTP_PORT'],
    ['CERTPLANE_WORKER_HTTP_PORT', '65536', 'CERTPLANE_WORKER_HTTP_PORT'],
    ['CERTPLANE_CONSUMER_LAG_WARN', '0', 'CERTPLANE_CONSUMER_LAG_WARN'],
    ['CERTPLANE_BUILD_COMMIT', 'not a sha', 'CERTPLANE_BUILD_COMMIT'],
    ['CERTPLANE_BUILD_TIME', 'yesterday', 'CERTPLANE_BUILD_TIME'],
    ['CERTPLANE_SERVER_HOSTNAMES', 'ok.example, not ok', 'CERTPLANE_SERVER_HOSTNAMES'],
    ['CERTPLANE_CRL_VALIDITY_HOURS', '0', 'CERTPLANE_CRL_VALIDITY_HOURS'],
    ['CERTPLANE_OCSP_VALIDITY_MINUTES', '1.5', 'CERTPLANE_OCSP_VALIDITY_MINUTES'],
    ['CERTPLANE_RESERVED_NAMESPACES', 'ok,Not_A_Label', 'CERTPLANE_RESERVED_NAMESPACES'],
    ['CERTPLANE_NATS_TUNNELS_PREFIX', 'certplane.events.tunnels', 'CERTPLANE_NATS_TUNNELS_PREFIX'],
    ['CERTPLANE_NATS_TUNNELS_PREFIX', 'certplane', 'CERTPLANE_NATS_TUNNELS_PREFIX'],
    ['CERTPLANE_NATS_SUBJECT_PREFIX', 'a.tunnels', 'CERTPLANE_NATS_TUNNELS_PREFIX'],
    ['CERTPLANE_RATE_LIMIT_PER_MINUTE', '-1', 'CERTPLANE_RATE_LIMIT_PER_MINUTE'],
    ['CERTPLANE_RATE_LIMIT_PER_IP_PER_MINUTE', 'lots', 'CERTPLANE_RATE_LIMIT_PER_IP_PER_MINUTE'],
    ['CERTPLANE_AUTH_FAILURE_LIMIT', '2.5', 'CERTPLANE_AUTH_FAILURE_LIMIT'],
    ['CERTPLANE_DETAILS_MISS_LIMIT', '-3', 'CERTPLANE_DETAILS_MISS_LIMIT'],
    ['CERTPLANE_DETAILS_MIN_ANSWER_MS', '60000', 'CERTPLANE_DETAILS_MIN_ANSWER_MS'],
    ['CERTPLANE_TLS_PORT', '8443x', 'CERTPLANE_TLS_PORT'],
    ['CERTPLANE_TLS_PORT', '8080', 'CERTPLANE_TLS_PORT'],
    ['CERTPLANE_TLS_ENABLED', 'on', 'CERTPLANE_TLS_ENABLED'],
    ['CERTPLANE_HTTP_ENABLED', 'no', 'CERTPLANE_HTTP_ENABLED'],
    ['CERTPLANE_TLS_HOSTNAMES', 'ok.example, not ok', 'CERTPLANE_TLS_HOSTNAMES'],
    ['CERTPLANE_TLS_IPS', '127.0.0.1, 300.1.1.1', 'CERTPLANE_TLS_IPS'],
    ['CERTPLANE_TLS_IPS', 'fe80::1%eth0', 'CERTPLANE_TLS_IPS'],
    ['CERTPLANE_TLS_CERT_FILE', '/tmp/tls.crt', 'CERTPLANE_TLS_KEY_FILE'],
    ['CERTPLANE_TLS_KEY_FILE', '/tmp/tls.key', 'CERTPLANE_TLS_CERT_FILE'],
    ['CERTPLANE_HTTP_HEADERS_TIMEOUT_MS', '60000', 'CERTPLANE_HTTP_HEADERS_TIMEOUT_MS'],
    ['CERTPLANE_HTTP_REQUEST_TIMEOUT_MS', '999', 'CERTPLANE_HTTP_REQUEST_TIMEOUT_MS'],
    ['CERTPLANE_HTTP_MAX_HEADERS', '0', 'CERTPLANE_HTTP_MAX_HEADERS'],
    ['CERTPLANE_HTTP_MAX_CONNECTIONS', '-1', 'CERTPLANE_HTTP_MAX_CONNECTIONS'],
    ['CERTPLANE_CA_ROTATE_AT_REMAINING', '20', 'CERTPLANE_CA_ROTATE_AT_REMAINING'],
    ['CERTPLANE_CA_ROTATE_AT_REMAINING', '0%', 'CERTPLANE_CA_ROTATE_AT_REMAINING'],
    ['CERTPLANE_CA_ROTATE_AT_REMAINING', '100%', 'CERTPLANE_CA_ROTATE_AT_REMAINING'],
    ['CERTPLANE_CA_PUBLIC_URL', 'https://cp.example/', 'CERTPLANE_CA_PUBLIC_URL'],
    ['CERTPLANE_CA_PUBLIC_URL', 'https://cp.example/pki?x=1', 'CERTPLANE_CA_PUBLIC_URL'],
    ['CERTPLANE_CA_PUBLIC_URL', 'cp.example', 'CERTPLANE_CA_PUBLIC_URL'],
  ])('rejects %s=%s naming %s', (key, value, named) => {
    expect(() => loadConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [key]: value })).toThrow(new RegExp(`^Invalid configuration: ${named} `));
  });

  it('reads the planned rotation share and the public URL of the CA', () => {
    const c = loadConfig({
      CERTPLANE_CA_ROTATE_AT_REMAINING: '12.5%',
      CERTPLANE_CA_PUBLIC_URL: 'https://cp.example/x',
    });
    expect(c.ca).toMatchObject({ rotateAtRemaining: 0.125, publicUrl: 'https://cp.example/x' });
    expect(loadConfig({}).ca).toMatchObject({ rotateAtRemaining: undefined, publicUrl: undefined });
  });

  describe('the CA key in an HSM', () => {
    const hsm = {
      CERTPLANE_CA_PKCS11_MODULE: '/usr/lib/softhsm/libsofthsm2.so',
      CERTPLANE_CA_PKCS11_TOKEN_LABEL: 'ca',
      CERTPLANE_CA_PKCS11_PIN_FILE: '/run/secrets/pin',
    };

    it('reads the module, token, PIN file and key label, and a certificate file without a key file', () => {
      expect(loadConfig(hsm).ca.pkcs11).toEqual({
        module: hsm.CERTPLANE_CA_PKCS11_MODULE,
        tokenLabel: 'ca',
        pinFile: '/run/secrets/pin',
        keyLabel: 'certplane-ca',
      });
      const withCert = loadConfig({
        ...hsm,
        CERTPLANE_CA_PKCS11_KEY_LABEL: 'issuer-2',
        CERTPLANE_CA_CERT_FILE: '/etc/ca.pem',
      }).ca;
      expect(withCert).toMatchObject({ certFile: '/etc/ca.pem', keyFile: undefined, pkcs11: { keyLabel: 'issuer-2' } });
      expect(loadConfig({}).ca.pkcs11).toBeUndefined();
    });

    it.each([
      [{ CERTPLANE_CA_PKCS11_TOKEN_LABEL: undefined }, 'CERTPLANE_CA_PKCS11_TOKEN_LABEL'],
      [{ CERTPLANE_CA_PKCS11_PIN_FILE: undefined }, 'CERTPLANE_CA_PKCS11_PIN_FILE'],
      [{ CERTPLANE_CA_PKCS11_MODULE: undefined }, 'CERTPLANE_CA_PKCS11_TOKEN_LABEL'],
      [{ CERTPLANE_CA_KEY_FILE: '/etc/ca.key', CERTPLANE_CA_CERT_FILE: '/etc/ca.pem' }, 'CERTPLANE_CA_KEY_FILE'],
      [{ CERTPLANE_CA_PKCS11_TOKEN_LABEL: 'x'.repeat(33) }, 'CERTPLANE_CA_PKCS11_TOKEN_LABEL'],
    ])('refuses %j, naming %s', (change, named) => {
      expect(() => loadConfig({ ...hsm, ...change })).toThrow(new RegExp(`^Invalid configuration: ${named} `));
    });
  });

  it('never echoes a rejected secret value', () => {
    try {
      loadConfig({ CERTPLANE_API_TOKEN: 'sekrit' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as Error).message).not.toContain('sekrit');
    }
  });

  it("names the server certificate's IPs in canonical text, once each", () => {
    expect(loadConfig({ CERTPLANE_TLS_IPS: '::FFFF:127.0.0.1, 127.0.0.1, 2001:DB8:0::1' }).tls.ips).toEqual([
      '127.0.0.1',
      '2001:db8::1',
    ]);
  });

  it('leaves the worker HTTP port to each worker and the build to the image, unless told', () => {
    const defaults = loadConfig({});
    expect(defaults.workerHttpPort).toBeUndefined();
    expect(defaults.consumerLagWarn).toBe(1000);
    expect(defaults.build).toEqual({ commit: undefined, time: undefined });
    const given = loadConfig({
      CERTPLANE_WORKER_HTTP_PORT: '0',
      CERTPLANE_BUILD_COMMIT: 'dd23b64',
      CERTPLANE_BUILD_TIME: '2026-11-23T03:00:00Z',
    });
    expect(given.workerHttpPort).toBe(0);
    expect(given.build).toEqual({ commit: 'dd23b64', time: '2026-11-23T03:00:00Z' });
  });

  it('takes topic endpoints verbatim from JSON', () => {
    const endpoints = { insert: { insert: ['h:1'] }, query: ['h:2'] };
    expect(loadConfig({ CERTPLANE_TOPIC_ENDPOINTS: JSON.stringify(endpoints) }).topicEndpoints).toEqual(endpoints);
  });

  it('derives the tunnel status prefix from the subject prefix, outside the event stream', () => {
    expect(loadConfig({}).tunnels).toEqual({ statusSubjectPrefix: 'certplane.tunnels', reservedNamespaces: [] });
    expect(loadConfig({ CERTPLANE_NATS_SUBJECT_PREFIX: 'cpt.ab12.events' }).tunnels.statusSubjectPrefix).toBe(
      'cpt.ab12.tunnels',
    );
    expect(loadConfig({ CERTPLANE_NATS_SUBJECT_PREFIX: 'mine' }).tunnels.statusSubjectPrefix).toBe('tunnels.mine');
    expect(loadConfig({ CERTPLANE_NATS_TUNNELS_PREFIX: 'edge.reports' }).tunnels.statusSubjectPrefix).toBe(
      'edge.reports',
    );
  });

  it('reads reserved namespaces as a comma-separated list', () => {
    expect(loadConfig({ CERTPLANE_RESERVED_NAMESPACES: 'inlets, openfaas ,' }).tunnels.reservedNamespaces).toEqual([
      'inlets',
      'openfaas',
    ]);
  });

  it('keeps the duplicate window longer than the sweep waits before re-publishing a row', () => {
    expect(
      loadConfig({ CERTPLANE_NATS_DUPLICATE_WINDOW_MS: '3000', CERTPLANE_RELAY_SWEEP_AFTER_MS: '2000' }).nats
        .duplicateWindowMs,
    ).toBe(3000);
    expect(() =>
      loadConfig({ CERTPLANE_NATS_DUPLICATE_WINDOW_MS: '2000', CERTPLANE_RELAY_SWEEP_AFTER_MS: '2000' }),
    ).toThrow(/CERTPLANE_NATS_DUPLICATE_WINDOW_MS must be greater than CERTPLANE_RELAY_SWEEP_AFTER_MS \(2000\)/);
  });

  it('reads the certificate validity as a duration from 5m to 825d, a year unless set, and refuses the whole-days setting it replaced by name', () => {
    expect(loadConfig({}).certValidity.toString()).toBe('365d');
    expect(loadConfig({ CERTPLANE_CERT_VALIDITY: '1440m' }).certValidity.toString()).toBe('1d');
    expect(loadConfig({ CERTPLANE_CERT_VALIDITY: '5m' }).certValidity.seconds).toBe(300);
    for (const bad of ['4m', '826d', '365', '1h30m']) {
      expect(() => loadConfig({ CERTPLANE_CERT_VALIDITY: bad })).toThrow(
        /^Invalid configuration: CERTPLANE_CERT_VALIDITY must /,
      );
    }
    expect(() => loadConfig({ CERTPLANE_CERT_VALIDITY_DAYS: '30' })).toThrow(
      /^Invalid configuration: CERTPLANE_CERT_VALIDITY_DAYS is replaced by CERTPLANE_CERT_VALIDITY.*CERTPLANE_CERT_VALIDITY=<days>d/,
    );
  });

  it('bounds how long CRLs and OCSP answers may be relied on: 24 hours and 60 minutes unless set', () => {
    expect(loadConfig({}).revocation).toEqual({ crlValidityHours: 24, ocspValidityMinutes: 60 });
    expect(
      loadConfig({ CERTPLANE_CRL_VALIDITY_HOURS: '168', CERTPLANE_OCSP_VALIDITY_MINUTES: '5' }).revocation,
    ).toEqual({ crlValidityHours: 168, ocspValidityMinutes: 5 });
  });

  it("reserves the server's own hostnames: this machine's name unless set", () => {
    expect(loadConfig({}).serverHostnames).toEqual([hostname()]);
    expect(loadConfig({ CERTPLANE_SERVER_HOSTNAMES: 'certplane.example.com, ca.internal ,' }).serverHostnames).toEqual([
      'certplane.example.com',
      'ca.internal',
    ]);
  });

  it('trusts no proxy unless told, and reads addresses and CIDR blocks, a bare address as its own block', () => {
    expect(loadConfig({}).listener.trustedProxies).toEqual([]);
    const trusted = loadConfig({ CERTPLANE_TRUSTED_PROXIES: ' 172.30.80.10, 10.0.0.0/8,fd00::/8 ,::ffff:192.0.2.1' })
      .listener.trustedProxies;
    expect(trusted.map(String)).toEqual(['172.30.80.10/32', '10.0.0.0/8', 'fd00::/8', '192.0.2.1/32']);
    expect(trusted[1].contains('10.200.3.4')).toBe(true);
    expect(trusted[1].contains('11.0.0.1')).toBe(false);
    expect(trusted[2].contains('fd12::1')).toBe(true);
    for (const bad of ['proxy.local', '10.0.0.0/33', '10.0.0.1/8/1', 'fe80::1%eth0', '::/129']) {
      expect(() => loadConfig({ CERTPLANE_TRUSTED_PROXIES: `10.0.0.1,${bad}` })).toThrow(
        new ConfigError(
          'CERTPLANE_TRUSTED_PROXIES',
          `${JSON.stringify(bad)} is no address or CIDR block (e.g. 10.0.0.0/8,fd00::/8)`,
        ),
      );
    }
  });

  it('limits callers generously unless told, and reads 0 as no limit', () => {
    expect(loadConfig({}).rateLimit).toEqual({
      perIdentityPerMinute: 6000,
      perIpPerMinute: 6000,
      authFailuresPerMinute: 30,
      renewalsPerClientPerHour: 12,
    });
    expect(loadConfig({}).maxValidCertificates).toBe(5);
    expect(loadConfig({}).details).toMatchObject({ minAnswerMs: 50, missesPerMinute: 30 });
    const off = loadConfig({
      CERTPLANE_RATE_LIMIT_PER_MINUTE: '0',
      CERTPLANE_RATE_LIMIT_PER_IP_PER_MINUTE: '0',
      CERTPLANE_AUTH_FAILURE_LIMIT: '0',
      CERTPLANE_RENEWALS_PER_CLIENT_PER_HOUR: '0',
      CERTPLANE_DETAILS_MISS_LIMIT: '0',
      CERTPLANE_DETAILS_MIN_ANSWER_MS: '0',
    });
    expect(off.rateLimit).toEqual({
      perIdentityPerMinute: 0,
      perIpPerMinute: 0,
      authFailuresPerMinute: 0,
      renewalsPerClientPerHour: 0,
    });
    expect(off.details).toMatchObject({ minAnswerMs: 0, missesPerMinute: 0 });
  });

  it('serves HTTPS on 8443 beside HTTP unless told, with a certificate for localhost and the loopback addresses', () => {
    const c = loadConfig({ CERTPLANE_SERVER_HOSTNAMES: 'certplane.example' });
    expect(c.httpEnabled).toBe(true);
    expect(c.tls).toEqual({
      enabled: true,
      port: 8443,
      hostnames: ['localhost', 'certplane.example'],
      ips: ['127.0.0.1', '::1'],
      certFile: undefined,
      keyFile: undefined,
    });
    const given = loadConfig({
      CERTPLANE_TLS_PORT: '0',
      CERTPLANE_TLS_HOSTNAMES: 'api.example',
      CERTPLANE_TLS_IPS: '10.0.0.5',
      CERTPLANE_TLS_CERT_FILE: '/c',
      CERTPLANE_TLS_KEY_FILE: '/k',
    });
    expect(given.tls).toEqual({
      enabled: true,
      port: 0,
      hostnames: ['api.example'],
      ips: ['10.0.0.5'],
      certFile: '/c',
      keyFile: '/k',
    });
  });

  it('serves HTTPS only, or HTTP only, but not nothing', () => {
    expect(loadConfig({ CERTPLANE_HTTP_ENABLED: 'false' })).toMatchObject({
      httpEnabled: false,
      tls: { enabled: true },
    });
    expect(loadConfig({ CERTPLANE_TLS_ENABLED: 'false' })).toMatchObject({
      httpEnabled: true,
      tls: { enabled: false },
    });
    expect(() => loadConfig({ CERTPLANE_HTTP_ENABLED: 'false', CERTPLANE_TLS_ENABLED: 'false' })).toThrow(
      /^Invalid configuration: CERTPLANE_HTTP_ENABLED may be false only while CERTPLANE_TLS_ENABLED is true/,
    );
    // The same port is fine when only one of them listens.
    expect(loadConfig({ PORT: '8443', CERTPLANE_TLS_ENABLED: 'false' }).port).toBe(8443);
  });
});
