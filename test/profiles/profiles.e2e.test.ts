import { createServer, Server } from 'node:https';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, Harness, startCertplane } from '../support/certplane-harness';
import { clientApi, ERROR, streamCount, waitForCertificates } from '../clients/client-fixtures';
import { openssl } from '../pki/relying-party';
import { opensslCsr, P256, P384, RSA3072, SERVER_PROFILE } from './profile-fixtures';

jest.setTimeout(120_000);

describe('certificate profiles (real Postgres and NATS, openssl as the relying party)', () => {
  let h: Harness;
  let api: ReturnType<typeof clientApi>;
  let dir: string;
  let caFile: string;
  const admin = () => bearer(h);
  const profileEvents = async (name: string) =>
    (
      await h.ds.query(
        `SELECT count(*)::int AS n FROM events e JOIN profile_registry r ON e.stream_id = 'profile-' || r.profile_id WHERE r.name = $1`,
        [name],
      )
    )[0].n;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cp-profiles-'));
    const file = join(dir, 'profiles.json');
    writeFileSync(file, JSON.stringify({ 'from-file': { ...SERVER_PROFILE, validity: '7d' } }));
    h = await startCertplane({ env: { CERTPLANE_PROFILES_FILE: file } });
    api = clientApi(h);
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, (await h.call('GET', '/pki/ca')).text);
    expect((await h.call('POST', '/profiles', { name: 'mesh-server', ...SERVER_PROFILE }, admin())).status).toBe(201);
  });
  afterAll(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Creates a client and waits for its certificate, written to dir as <name>.pem. */
  async function issued(body: Record<string, unknown>): Promise<{ id: string; certFile: string; pem: string }> {
    const r = await api.create(body);
    expect(r.status).toBe(201);
    await waitForCertificates(h, r.body.id, (items) => items.length === 1, `${String(body.name)}'s certificate`);
    const pem: string = (await api.details(r.body.id)).body.cert;
    const certFile = join(dir, `${String(body.name)}.pem`);
    writeFileSync(certFile, pem);
    return { id: r.body.id, certFile, pem };
  }

  describe('the /profiles API', () => {
    it('lists the built-in default first, answers one, and records a replacement only when it changes something', async () => {
      const list = await h.call('GET', '/profiles', undefined, admin());
      expect(list.status).toBe(200);
      expect(list.body.map((p: { name: string }) => p.name)).toEqual(['default', 'from-file', 'mesh-server']);
      expect(list.body[0]).toMatchObject({
        name: 'default',
        builtIn: true,
        keyTypes: ['ec-p256'],
        extendedKeyUsages: ['clientAuth'],
        subject: { commonName: 'user-{name}' },
      });
      expect((await h.call('GET', '/profiles/mesh-server', undefined, admin())).body).toMatchObject({
        name: 'mesh-server',
        builtIn: false,
        ...SERVER_PROFILE,
      });

      expect(await profileEvents('mesh-server')).toBe(1);
      expect((await h.call('PUT', '/profiles/mesh-server', SERVER_PROFILE, admin())).status).toBe(200);
      expect(await profileEvents('mesh-server')).toBe(1);
      const longer = await h.call('PUT', '/profiles/mesh-server', { ...SERVER_PROFILE, validity: '60d' }, admin());
      expect(longer.body.validity).toBe('60d');
      expect(await profileEvents('mesh-server')).toBe(2);
      await h.call('PUT', '/profiles/mesh-server', SERVER_PROFILE, admin());
    });

    it('loads the profiles file at start, and a restart on the same deployment appends nothing', async () => {
      expect((await h.call('GET', '/profiles/from-file', undefined, admin())).body.validity).toBe('7d');
      const before = await profileEvents('from-file');
      const again = await startCertplane({
        database: h.db,
        bus: h.bus,
        workers: [],
        env: { CERTPLANE_PROFILES_FILE: h.env.CERTPLANE_PROFILES_FILE },
      });
      await again.stopApp();
      expect(await profileEvents('from-file')).toBe(before);
    });

    it('refuses bad profiles, the built-in name, a taken name, and deleting a profile in use; deletes one that is not', async () => {
      const before = await streamCount(h);
      expect(
        (await h.call('POST', '/profiles', { name: 'bad', ...SERVER_PROFILE, keyTypes: ['dsa'] }, admin())).body,
      ).toEqual(ERROR(400, 'INVALID_PROFILE'));
      expect(
        (
          await h.call(
            'POST',
            '/profiles',
            { name: 'bad', ...SERVER_PROFILE, sans: { ip: { max: 1, patterns: ['10.*'] } } },
            admin(),
          )
        ).body,
      ).toEqual(ERROR(400, 'INVALID_PROFILE'));
      expect((await h.call('POST', '/profiles', { name: 'default', ...SERVER_PROFILE }, admin())).body).toEqual(
        ERROR(400, 'DEFAULT_PROFILE_READ_ONLY'),
      );
      expect((await h.call('POST', '/profiles', { name: 'Bad_Name', ...SERVER_PROFILE }, admin())).body).toEqual(
        ERROR(400, 'INVALID_PROFILE_NAME'),
      );
      expect((await h.call('POST', '/profiles', { name: 'mesh-server', ...SERVER_PROFILE }, admin())).body).toEqual(
        ERROR(409, 'PROFILE_ALREADY_EXISTS'),
      );
      expect(await streamCount(h)).toBe(before);

      await issued({
        name: 'holds-from-file',
        profile: 'from-file',
        csr: opensslCsr(dir, 'holds-from-file', P384).pem,
      });
      expect((await h.call('DELETE', '/profiles/from-file', undefined, admin())).body).toEqual(
        ERROR(409, 'PROFILE_IN_USE'),
      );
      expect((await h.call('POST', '/profiles', { name: 'short-lived', ...SERVER_PROFILE }, admin())).status).toBe(201);
      expect((await h.call('DELETE', '/profiles/short-lived', undefined, admin())).status).toBe(204);
      expect((await h.call('GET', '/profiles/short-lived', undefined, admin())).body).toEqual(
        ERROR(404, 'PROFILE_NOT_FOUND'),
      );
    });
  });

  describe('bad input under a profile: a stable code, nothing recorded', () => {
    it.each([
      ['an unknown profile', { profile: 'nope' }, 400, 'UNKNOWN_PROFILE'],
      [
        'a CSR key type the profile does not allow',
        { profile: 'mesh-server', csr: 'p256' },
        400,
        'KEY_TYPE_NOT_ALLOWED',
      ],
      ['a P-384 CSR under the default profile', { csr: 'p384' }, 400, 'KEY_TYPE_NOT_ALLOWED'],
      [
        'too many SANs',
        {
          profile: 'mesh-server',
          sans: ['a', 'b', 'c', 'd'].map((l) => ({ type: 'dns', value: `${l}.svc.example.com` })),
        },
        400,
        'TOO_MANY_SANS',
      ],
      [
        'a SAN that matches no pattern',
        { profile: 'mesh-server', sans: [{ type: 'dns', value: 'a.b.svc.example.com' }] },
        400,
        'SAN_PATTERN_MISMATCH',
      ],
      [
        'a SAN kind the profile does not list',
        { profile: 'mesh-server', sans: [{ type: 'email', value: 'a@example.com' }] },
        400,
        'SAN_KIND_NOT_ALLOWED',
      ],
      [
        'a SAN list under the default profile',
        { sans: [{ type: 'uri', value: 'spiffe://example.org/ns/a/sa/b' }] },
        400,
        'SAN_KIND_NOT_ALLOWED',
      ],
      [
        'a malformed SAN',
        { profile: 'mesh-server', sans: [{ type: 'dns', value: '*.svc.example.com' }] },
        400,
        'INVALID_SANS',
      ],
    ])('%s', async (_, extra: Record<string, unknown>, status, code) => {
      const before = await streamCount(h);
      const csr =
        extra.csr === 'p256'
          ? opensslCsr(dir, 'bad-p256', P256).pem
          : extra.csr === 'p384'
            ? opensslCsr(dir, 'bad-p384', P384).pem
            : undefined;
      expect((await api.create({ name: 'refused', ...extra, ...(csr ? { csr } : {}) })).body).toEqual(
        ERROR(status, code),
      );
      expect(await streamCount(h)).toBe(before);
    });

    it('refuses a SAN another client holds, as a sans entry or as its hostname, with 409 DUPLICATE_SAN', async () => {
      await api.create({
        name: 'holder',
        profile: 'mesh-server',
        sans: [{ type: 'dns', value: 'taken.svc.example.com' }],
        csr: opensslCsr(dir, 'holder', P384).pem,
      });
      const hostnameHolder = await api.create({ name: 'host-holder', hostname: 'host.svc.example.com' });
      expect(hostnameHolder.status).toBe(201);
      const before = await streamCount(h);
      const csr = opensslCsr(dir, 'taker', P384).pem;
      expect(
        (
          await api.create({
            name: 'taker',
            profile: 'mesh-server',
            sans: [{ type: 'dns', value: 'TAKEN.svc.example.com' }],
            csr,
          })
        ).body,
      ).toEqual(ERROR(409, 'DUPLICATE_SAN'));
      expect(
        (
          await api.create({
            name: 'taker',
            profile: 'mesh-server',
            sans: [{ type: 'dns', value: 'host.svc.example.com' }],
            csr,
          })
        ).body,
      ).toEqual(ERROR(409, 'DUPLICATE_SAN'));
      expect(await streamCount(h)).toBe(before);
      // Deleting the holder frees its names.
      expect((await api.remove(hostnameHolder.body.id)).status).toBe(204);
      expect(
        (
          await api.create({
            name: 'taker',
            profile: 'mesh-server',
            sans: [{ type: 'dns', value: 'host.svc.example.com' }],
            csr,
          })
        ).status,
      ).toBe(201);
    });
  });

  describe('done when: openssl as the relying party', () => {
    let server: Server | undefined;
    afterEach(() => server?.close());

    it('a serverAuth P-384 certificate with three DNS SANs serves HTTPS to `openssl s_client -verify_hostname`', async () => {
      const names = ['api', 'web', 'db'].map((l) => `${l}.svc.example.com`);
      const csr = opensslCsr(dir, 'https-server', P384);
      const { pem } = await issued({
        name: 'https-server',
        profile: 'mesh-server',
        sans: names.map((value) => ({ type: 'dns', value })),
        csr: csr.pem,
      });
      const text = (await openssl(['x509', '-noout', '-text', '-in', join(dir, 'https-server.pem')])).stdout;
      expect(text).toContain('ASN1 OID: secp384r1');
      expect(text).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
      expect(text).toMatch(/Subject: O\s?=\s?Example Mesh, OU\s?=\s?[^,]+, CN\s?=\s?svc-https-server/);
      expect(text).toContain(names.map((n) => `DNS:${n}`).join(', '));

      server = createServer({ cert: pem, key: readFileSync(csr.keyFile) }, (_req, res) =>
        res.end('hello over a profile certificate\n'),
      );
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      const connect = (hostname: string) =>
        openssl([
          's_client',
          '-connect',
          `127.0.0.1:${port}`,
          '-servername',
          hostname,
          '-CAfile',
          caFile,
          '-verify_hostname',
          hostname,
          '-verify_return_error',
          '-brief',
        ]);
      for (const name of names) {
        const ok = await connect(name);
        expect(ok.output).toContain('Verification: OK');
        expect(ok.status).toBe(0);
      }
      const wrong = await connect('other.svc.example.com');
      expect(wrong.output).toMatch(/hostname mismatch/i);
      expect(wrong.status).not.toBe(0);
    });

    it('an RSA-3072 CSR under a profile that allows it is issued, and verifies', async () => {
      const csr = opensslCsr(dir, 'rsa-client', RSA3072);
      const { certFile } = await issued({ name: 'rsa-client', profile: 'mesh-server', csr: csr.pem });
      const verified = await openssl(['verify', '-CAfile', caFile, '-purpose', 'sslserver', certFile]);
      expect(verified.output).toContain(`${certFile}: OK`);
      expect((await openssl(['x509', '-noout', '-text', '-in', certFile])).stdout).toContain('Public-Key: (3072 bit)');
      // The certificate is for the key the CSR carried.
      const certKey = (await openssl(['x509', '-noout', '-pubkey', '-in', certFile])).stdout;
      expect((await openssl(['pkey', '-pubout', '-in', csr.keyFile])).stdout).toBe(certKey);
    });

    it('a SPIFFE URI SAN appears as URI:spiffe://... in `openssl x509 -text`', async () => {
      const spiffe = 'spiffe://example.org/ns/prod/sa/payments';
      const { certFile } = await issued({
        name: 'workload',
        profile: 'mesh-server',
        sans: [{ type: 'uri', value: spiffe }],
        csr: opensslCsr(dir, 'workload', P384).pem,
      });
      expect((await openssl(['x509', '-noout', '-text', '-in', certFile])).stdout).toContain(`URI:${spiffe}`);
      expect((await openssl(['verify', '-CAfile', caFile, '-purpose', 'sslclient', certFile])).output).toContain(
        ': OK',
      );
    });

    it('a server-generated key under a profile is of its first key type', async () => {
      const r = await api.create({
        name: 'generated-p384',
        profile: 'mesh-server',
        sans: [{ type: 'dns', value: 'gen.svc.example.com' }],
      });
      await waitForCertificates(h, r.body.id, (items) => items.length === 1, 'the generated certificate');
      const d = (await api.details(r.body.id)).body;
      writeFileSync(join(dir, 'gen.key'), d.key);
      expect((await openssl(['pkey', '-noout', '-text', '-in', join(dir, 'gen.key')])).stdout).toContain(
        'NIST CURVE: P-384',
      );
    });
  });
});
