import { execFile, spawn } from 'node:child_process';
import { randomUUID, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { promisify } from 'node:util';
import { createCertificateAuthority, issueClientCertificate, issueServerCertificate, x509 } from '@certplane/pki';
import { CertificateAuthorityStore } from '@certplane/vault';
import { bearer, clientIdOf, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { ClientFiles, clusterFiles, curl, enrolClient, withCertificate } from './mtls-fixtures';

const REJECTED = { statusCode: 401, code: 'CERTIFICATE_REJECTED', message: expect.any(String) };

describe('mutual TLS: client certificates certplane issued authenticate over HTTPS (real Postgres, NATS, TLS and curl)', () => {
  let h: Harness;
  let files: ClientFiles;
  let https: string;
  beforeAll(async () => {
    h = await startCertplane();
    https = h.tlsUrl!;
    files = await clusterFiles(h);
  });
  afterAll(async () => {
    await h.stop();
    rmSync(files.dir, { recursive: true, force: true });
  });

  it('serves a certificate issued by its CA for 127.0.0.1 and localhost, for serverAuth only', async () => {
    const address = new URL(https).host;
    expect(await opensslConnect(address, files.cacert, ['-verify_ip', '127.0.0.1'])).toMatchObject({
      code: 0,
      output: expect.stringContaining('Verification: OK'),
    });
    expect(await opensslConnect(address, files.cacert, ['-verify_hostname', 'localhost'])).toMatchObject({
      code: 0,
      output: expect.stringContaining('Verified peername: localhost'),
    });
    expect((await opensslConnect(address, files.cacert, ['-verify_hostname', 'elsewhere.example'])).code).not.toBe(0);
    const served = await peerCertificate(address, files.cacert);
    expect(served.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect((await curl(`https://localhost:${new URL(https).port}/health`, files)).status).toBe(200);
  });

  it("negotiates TLS 1.3, or on TLS 1.2 only ECDHE with an AEAD cipher, in the server's order (openssl s_client)", async () => {
    const address = new URL(https).host;
    const suite = async (args: string[]) => {
      const { code, output } = await opensslConnect(address, files.cacert, ['-verify_ip', '127.0.0.1', ...args]);
      return code === 0 ? /Ciphersuite: (\S+)/.exec(output)?.[1] : undefined;
    };
    for (const cipher of [
      'ECDHE-ECDSA-AES128-SHA',
      'ECDHE-ECDSA-AES256-SHA',
      'ECDHE-ECDSA-AES128-SHA256',
      'ECDHE-ECDSA-AES256-SHA384',
      'AES128-GCM-SHA256',
      'AES128-SHA',
    ]) {
      expect({ cipher, negotiated: await suite(['-tls1_2', '-cipher', cipher]) }).toEqual({
        cipher,
        negotiated: undefined,
      });
    }
    for (const cipher of [
      'ECDHE-ECDSA-AES128-GCM-SHA256',
      'ECDHE-ECDSA-AES256-GCM-SHA384',
      'ECDHE-ECDSA-CHACHA20-POLY1305',
    ])
      expect(await suite(['-tls1_2', '-cipher', cipher])).toBe(cipher);
    // The client's preference does not win over the server's.
    expect(await suite(['-tls1_2', '-cipher', 'ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256'])).toBe(
      'ECDHE-ECDSA-AES128-GCM-SHA256',
    );
    expect(await suite(['-tls1_3'])).toMatch(/^TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)$/);
    expect(await suite(['-tls1_1', '-cipher', 'DEFAULT:@SECLEVEL=0'])).toBeUndefined();
  });

  it('authenticates curl --cacert cluster.crt --cert user.crt --key user.key as certificate:<client id>, and records that actor', async () => {
    const alice = await enrolClient(h, 'alice');
    const tls = withCertificate(files, 'alice', alice.cert, alice.key);

    const own = await curl(`${https}/clients/${alice.id}`, tls);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: alice.id, name: 'alice', status: 'enabled' });

    // The client role: its own client and its own renewal, nothing else (issue #5's role table).
    const patched = await curl(`${https}/clients/${alice.id}`, tls, {
      method: 'PATCH',
      body: { metadata: { via: 'mtls' } },
    });
    expect(patched).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const other = await enrolClient(h, 'alice-neighbour');
    expect(await curl(`${https}/clients/${other.id}`, tls)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(
      await curl(`${https}/clients/${other.id}/certificate/renew`, tls, { method: 'POST', body: {} }),
    ).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await curl(`${https}/clients`, tls)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect((await curl(`${https}/informationservice/details/${alice.secret}`, tls)).status).toBe(200);
    expect(await curl(`${https}/informationservice/details/${other.secret}`, tls)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });

    const renewed = await curl(`${https}/clients/${alice.id}/certificate/renew`, tls, { method: 'POST', body: {} });
    expect(renewed.status).toBeLessThan(300);
    const events = await h.store.readStream(`client-${alice.id}`);
    // The renewal request is the certificate's own act (the issuer's CertificateIssued may already follow it).
    expect(events.filter((e) => e.metadata.actor === `certificate:${alice.id}`)).toHaveLength(1);
  });

  it('leaves HTTPS without a certificate to the bearer token and the public routes', async () => {
    const bob = await enrolClient(h, 'bob');
    expect(await curl(`${https}/clients/${bob.id}`, files)).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHORIZED' },
    });
    expect((await curl(`${https}/clients/${bob.id}`, files, { headers: bearer(h) })).status).toBe(200);
    expect((await curl(`${https}/informationservice/details/${bob.secret}`, files)).status).toBe(200);
  });

  it('refuses a certificate from another CA, even on a public route', async () => {
    const { ca: foreign } = await createCertificateAuthority({ validityDays: 2 });
    const issued = await issueClientCertificate(foreign, { commonName: 'user-alice', validitySeconds: 86_400 });
    const tls = withCertificate(files, 'foreign', issued.certificatePem, issued.privateKeyPem!);
    const answer = await curl(`${https}/health`, tls);
    expect(answer).toEqual({ status: 401, body: REJECTED });
    expect(answer.body.message).toContain("not signed by certplane's CA");
  });

  it("refuses an expired certificate signed by certplane's own CA", async () => {
    const ca = await h.app.get(CertificateAuthorityStore).get();
    // Valid for one minute, ten minutes ago.
    const issued = await issueClientCertificate(ca, {
      commonName: 'user-alice',
      validitySeconds: 60,
      now: new Date(Date.now() - 10 * 60_000),
    });
    expect(new x509.X509Certificate(issued.certificatePem).notAfter.getTime()).toBeLessThan(Date.now());
    const answer = await curl(
      `${https}/health`,
      withCertificate(files, 'expired', issued.certificatePem, issued.privateKeyPem!),
    );
    expect(answer).toEqual({ status: 401, body: REJECTED });
    expect(answer.body.message).toContain('expired');
  });

  it('refuses a certificate its CA signed that certplane never issued to a client', async () => {
    const ca = await h.app.get(CertificateAuthorityStore).get();
    const issued = await issueClientCertificate(ca, { commonName: 'user-alice', validitySeconds: 86_400 });
    const answer = await curl(
      `${https}/health`,
      withCertificate(files, 'unrecorded', issued.certificatePem, issued.privateKeyPem!),
    );
    expect(answer).toEqual({ status: 401, body: REJECTED });
    expect(answer.body.message).toContain('certplane did not issue it');
  });

  it('refuses a client that left on its next connection, and on its kept-alive one, without a restart', async () => {
    const carol = await enrolClient(h, 'carol');
    const tls = withCertificate(files, 'carol', carol.cert, carol.key);
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: carol.ca, cert: carol.cert, key: carol.key });
    try {
      const first = await get(agent, `${https}/clients/${carol.id}`);
      expect(first).toMatchObject({ status: 200, reusedSocket: false });
      expect((await curl(`${https}/clients/${carol.id}`, tls)).status).toBe(200);

      expect((await h.call('POST', '/clientcontroller/leave', { name: 'carol' }, bearer(h))).status).toBe(200);

      const refused = await eventually(
        async () => {
          const r = await curl(`${https}/clients/${carol.id}`, tls);
          return r.status === 401 ? r : undefined;
        },
        10_000,
        'the next connection to be refused',
      );
      expect(refused.body).toEqual(REJECTED);
      // The session that was open before the leave is refused too, request by request.
      const again = await get(agent, `${https}/clients/${carol.id}`);
      expect(again).toMatchObject({ status: 401, reusedSocket: true, body: { code: 'CERTIFICATE_REJECTED' } });
      // Once the cert-issuer has revoked it, the refusal says so.
      await eventually(
        async () =>
          (await curl(`${https}/health`, tls)).body.message?.includes('revoked (cessationOfOperation)')
            ? true
            : undefined,
        10_000,
        'the revocation',
      );
    } finally {
      agent.destroy();
    }
  });

  it('after a renewal with revokeOld, refuses the old certificate and accepts the new one', async () => {
    const dave = await enrolClient(h, 'dave');
    const old = withCertificate(files, 'dave-old', dave.cert, dave.key);
    expect((await curl(`${https}/health`, old)).status).toBe(200);
    expect((await h.call('POST', `/clients/${dave.id}/certificate/renew`, { revokeOld: true }, bearer(h))).status).toBe(
      202,
    );

    const refused = await eventually(
      async () => {
        const r = await curl(`${https}/health`, old);
        return r.status === 401 ? r : undefined;
      },
      10_000,
      'the superseded certificate to be refused',
    );
    expect(refused.body.message).toContain('revoked (superseded)');
    const renewed = await eventually(
      async () => {
        const r = await h.call('GET', `/informationservice/details/${dave.secret}`);
        return r.status === 200 && r.body.cert !== dave.cert ? r.body : undefined;
      },
      10_000,
      'the renewed certificate',
    );
    const current = withCertificate(files, 'dave-new', renewed.cert, renewed.key);
    expect(await curl(`${https}/clients/${dave.id}`, current)).toMatchObject({ status: 200, body: { id: dave.id } });
  });

  it('refuses the certificate of a disabled client', async () => {
    const erin = await enrolClient(h, 'erin');
    const tls = withCertificate(files, 'erin', erin.cert, erin.key);
    expect((await curl(`${https}/health`, tls)).status).toBe(200);
    expect((await h.call('POST', `/clients/${erin.id}/disable`, undefined, bearer(h))).status).toBe(200);
    const refused = await eventually(
      async () => {
        const r = await curl(`${https}/health`, tls);
        return r.status === 401 ? r : undefined;
      },
      10_000,
      'the disabled client to be refused',
    );
    expect(refused.body).toEqual(REJECTED);
  });
});

/** `openssl s_client` as an operator runs it to check the server; its verdict and what it printed. */
function opensslConnect(
  address: string,
  cafile: string,
  verify: string[],
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'openssl',
      ['s_client', '-connect', address, '-CAfile', cafile, '-verify_return_error', '-brief', ...verify],
      { timeout: 20_000 },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end();
  });
}

function peerCertificate(address: string, cafile: string): Promise<X509Certificate> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(port), ca: readFileSync(cafile), servername: 'localhost' }, () => {
      resolve(socket.getPeerX509Certificate()!);
      socket.end();
    });
    socket.on('error', reject);
  });
}

/** One GET through a keep-alive agent, saying whether it reused the connection. */
function get(agent: Agent, url: string): Promise<{ status: number; reusedSocket: boolean; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, reusedSocket: req.reusedSocket, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('mutual TLS on HTTPS only, with the server certificate from PEM files', () => {
  let h: Harness;
  let files: ClientFiles;
  let serverCa: ClientFiles;
  beforeAll(async () => {
    files = { dir: mkdtempSync(join(tmpdir(), 'cp-mtls-pem-')), cacert: '' };
    // The operator's own CA for the server certificate: clients trust it for the server, certplane's CA for themselves.
    const { ca: operatorCa } = await createCertificateAuthority({ validityDays: 30 });
    const server = await issueServerCertificate(operatorCa, {
      commonName: 'api',
      hostnames: ['localhost'],
      ips: ['127.0.0.1'],
      validityDays: 7,
    });
    writeFileSync(join(files.dir, 'tls.crt'), server.certificatePem);
    writeFileSync(join(files.dir, 'tls.key'), server.privateKeyPem, { mode: 0o600 });
    writeFileSync(join(files.dir, 'operator-ca.crt'), operatorCa.certificatePem);
    h = await startCertplane({
      env: {
        CERTPLANE_HTTP_ENABLED: 'false',
        CERTPLANE_TLS_CERT_FILE: join(files.dir, 'tls.crt'),
        CERTPLANE_TLS_KEY_FILE: join(files.dir, 'tls.key'),
      },
    });
    serverCa = { dir: files.dir, cacert: join(files.dir, 'operator-ca.crt') };
  });
  afterAll(async () => {
    await h.stop();
    rmSync(files.dir, { recursive: true, force: true });
  });

  it('serves the given certificate, enrols over HTTPS with the token, and authenticates the client by its certificate', async () => {
    expect(h.url).toBe(h.tlsUrl);
    expect(h.app.getHttpServer().listening).toBe(false);
    const enrolled = await curl(`${h.tlsUrl}/clientcontroller/enrol`, serverCa, {
      method: 'POST',
      body: { name: 'frank', topics: { insert: 'data' } },
      headers: bearer(h),
    });
    expect(enrolled.status).toBe(200);
    const details = await eventually(
      async () => {
        const r = await curl(`${h.tlsUrl}/informationservice/details/${enrolled.body.url}`, serverCa);
        return r.status === 200 ? r.body : undefined;
      },
      15_000,
      'details of frank',
    );
    const tls = withCertificate(serverCa, 'frank', details.cert, details.key);
    const own = await curl(`${h.tlsUrl}/clients/${clientIdOf(enrolled.body.url)}`, tls);
    expect(own).toMatchObject({ status: 200, body: { name: 'frank' } });
    // certplane's CA does not vouch for this server: its chain alone is not enough to trust it.
    writeFileSync(join(files.dir, 'cluster.crt'), details.ca);
    await expect(
      curl(`${h.tlsUrl}/health`, { dir: files.dir, cacert: join(files.dir, 'cluster.crt') }),
    ).rejects.toThrow(/SSL certificate problem|certificate/);
  });
});

describe("mutual TLS under an operator's intermediate CA (CERTPLANE_CA_CERT_FILE without its root)", () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cp-mtls-intermediate-'));
    const openssl = (...args: string[]) => promisify(execFile)('openssl', args, { cwd: dir });
    const p256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    await openssl(
      'req',
      '-x509',
      ...p256,
      '-keyout',
      'root.key',
      '-out',
      'root.crt',
      '-subj',
      '/O=Operator/CN=Operator Root',
      '-days',
      '30',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    await openssl(
      'req',
      '-new',
      ...p256,
      '-keyout',
      'ca.key',
      '-out',
      'ca.csr',
      '-subj',
      `/O=certplane/OU=${randomUUID()}/CN=certplane intermediate`,
    );
    writeFileSync(
      join(dir, 'ext'),
      'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
    );
    await openssl(
      'x509',
      '-req',
      '-in',
      'ca.csr',
      '-CA',
      'root.crt',
      '-CAkey',
      'root.key',
      '-CAcreateserial',
      '-out',
      'ca.crt',
      '-days',
      '20',
      '-extfile',
      'ext',
    );
    h = await startCertplane({
      env: { CERTPLANE_CA_CERT_FILE: join(dir, 'ca.crt'), CERTPLANE_CA_KEY_FILE: join(dir, 'ca.key') },
    });
  });
  afterAll(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('trusts the intermediate alone, as cluster.crt holds it, for client and server certificates', async () => {
    const files = await clusterFiles(h);
    try {
      expect(readFileSync(files.cacert, 'utf8')).toBe(readFileSync(join(dir, 'ca.crt'), 'utf8').replace(/\r\n/g, '\n'));
      const grace = await enrolClient(h, 'grace');
      const own = await curl(`${h.tlsUrl}/clients/${grace.id}`, withCertificate(files, 'grace', grace.cert, grace.key));
      expect(own).toMatchObject({ status: 200, body: { id: grace.id } });
      // The intermediate is the trust anchor, not its root: a certificate the root signed directly is foreign.
      const openssl = (...args: string[]) => promisify(execFile)('openssl', args, { cwd: dir });
      await openssl(
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'sibling.key',
        '-out',
        'sibling.csr',
        '-subj',
        '/CN=user-grace',
      );
      writeFileSync(join(dir, 'client-ext'), 'extendedKeyUsage=clientAuth\n');
      await openssl(
        'x509',
        '-req',
        '-in',
        'sibling.csr',
        '-CA',
        'root.crt',
        '-CAkey',
        'root.key',
        '-CAcreateserial',
        '-out',
        'sibling.crt',
        '-days',
        '2',
        '-extfile',
        'client-ext',
      );
      const sibling = await curl(`${h.tlsUrl}/health`, {
        ...files,
        cert: join(dir, 'sibling.crt'),
        key: join(dir, 'sibling.key'),
      });
      expect(sibling).toEqual({ status: 401, body: REJECTED });
    } finally {
      rmSync(files.dir, { recursive: true, force: true });
    }
  });
});
