import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificateAuthority, issueClientCertificate } from '@certplane/pki';
import { Harness, startCertplane } from '../support/certplane-harness';
import { crlNumber, crlSerials, EnrolledClient, enrolClient, leaveClient, openssl } from './relying-party';

// jest.config.js sets testTimeout per project, where Jest ignores it (it is a global option): set it here.
jest.setTimeout(60_000);

// The bare OCSPResponse { responseStatus malformedRequest(1) }.
const MALFORMED_REQUEST = Buffer.from('30030a0101', 'hex');

describe('relying parties: CA chain, CRL and OCSP against a running certplane (real Postgres, NATS and openssl)', () => {
  let h: Harness;
  let dir: string;
  let caFile: string;
  const clients: Record<string, EnrolledClient> = {};

  beforeAll(async () => {
    h = await startCertplane({ env: { CERTPLANE_CRL_VALIDITY_HOURS: '24', CERTPLANE_OCSP_VALIDITY_MINUTES: '30' } });
    dir = mkdtempSync(join(tmpdir(), 'cp-pki-'));
    caFile = join(dir, 'ca.pem');
  });
  afterAll(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const fetchCrl = async (accept?: string) => {
    const res = await fetch(`${h.url}/pki/crl`, { headers: accept ? { accept } : {} });
    expect(res.status).toBe(200);
    return { contentType: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
  };

  /** `openssl crl -verify` on the DER CRL; returns its text. */
  const verifiedCrl = async () => {
    const { contentType, body } = await fetchCrl();
    expect(contentType).toBe('application/pkix-crl');
    const file = join(dir, 'crl.der');
    writeFileSync(file, body);
    const run = await openssl(['crl', '-CAfile', caFile, '-inform', 'DER', '-in', file, '-noout', '-verify', '-text']);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('verify OK');
    return run.stdout;
  };

  const ocsp = (args: string[]) =>
    openssl(['ocsp', '-issuer', caFile, '-CAfile', caFile, '-url', `${h.url}/pki/ocsp`, '-resp_text', ...args]);

  it('GET /pki/ca answers the CA chain in PEM, the CA that issued the clients', async () => {
    const res = await h.call('GET', '/pki/ca');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-pem-file/);
    expect(res.text).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    writeFileSync(caFile, res.text);

    clients.a = await enrolClient(h, dir, 'crl-a');
    expect((await openssl(['verify', '-CAfile', caFile, clients.a.certFile])).stdout).toContain(': OK');
    const details = await h.call('GET', `/informationservice/details/${clients.a.id}`);
    expect(res.text).toBe(details.body.ca);
  });

  it('signs an empty CRL before any revocation, and serves it again while nothing changes', async () => {
    const text = await verifiedCrl();
    expect(text).toContain('No Revoked Certificates.');
    expect(text).toMatch(/Signature Algorithm: ecdsa-with-SHA256/);
    const first = crlNumber(text);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(crlNumber(await verifiedCrl())).toBe(first);
  });

  it('lists exactly the revoked, unexpired serials with their reason, and the CRL number grows with each revocation', async () => {
    const before = crlNumber(await verifiedCrl());
    clients.b = await enrolClient(h, dir, 'crl-b');
    clients.c = await enrolClient(h, dir, 'crl-c');

    await leaveClient(h, clients.a);
    const afterOne = await verifiedCrl();
    expect(crlSerials(afterOne)).toEqual([clients.a.serialNumber]);
    expect(crlNumber(afterOne)).toBeGreaterThan(before);
    expect(afterOne).toContain('Cessation Of Operation');

    await leaveClient(h, clients.c);
    const afterTwo = await verifiedCrl();
    expect(crlSerials(afterTwo)).toEqual([clients.a.serialNumber, clients.c.serialNumber].sort());
    expect(crlNumber(afterTwo)).toBeGreaterThan(crlNumber(afterOne));

    // nextUpdate is CERTPLANE_CRL_VALIDITY_HOURS after thisUpdate.
    const last = new Date(/Last Update: (.+)/.exec(afterTwo)![1]).getTime();
    const next = new Date(/Next Update: (.+)/.exec(afterTwo)![1]).getTime();
    expect(next - last).toBe(24 * 3_600_000);
    expect(Math.abs(last - Date.now())).toBeLessThan(60_000);
  });

  it('answers PEM on Accept: application/x-pem-file, the same CRL, which openssl uses to reject revoked certificates', async () => {
    const der = (await fetchCrl()).body;
    const { contentType, body } = await fetchCrl('application/x-pem-file');
    expect(contentType).toMatch(/^application\/x-pem-file/);
    const pemFile = join(dir, 'crl.pem');
    writeFileSync(pemFile, body);
    expect(body.toString()).toMatch(/^-----BEGIN X509 CRL-----\n/);
    const asDer = await openssl(['crl', '-in', pemFile, '-outform', 'DER', '-out', join(dir, 'from-pem.der')]);
    expect(asDer.status).toBe(0);
    expect(readFileSync(join(dir, 'from-pem.der'))).toEqual(der);

    const check = (client: EnrolledClient) =>
      openssl(['verify', '-crl_check', '-CAfile', caFile, '-CRLfile', pemFile, client.certFile]);
    expect((await check(clients.b)).stdout).toContain(': OK');
    expect((await check(clients.a)).output).toMatch(/certificate revoked/);
  });

  it('gives every concurrent reader, and a second api process, the same CRL under one number', async () => {
    const d = await enrolClient(h, dir, 'crl-d');
    const before = crlNumber(await verifiedCrl());
    await leaveClient(h, d);
    const second = await startCertplane({ database: h.db, bus: h.bus, workers: [] });
    try {
      const urls = [...Array(8).fill(h.url), ...Array(8).fill(second.url)];
      const bodies = await Promise.all(
        urls.map(async (url) => Buffer.from(await (await fetch(`${url}/pki/crl`)).arrayBuffer())),
      );
      expect(new Set(bodies.map((b) => b.toString('hex'))).size).toBe(1);
      writeFileSync(join(dir, 'crl.der'), bodies[0]);
      const text = (await openssl(['crl', '-inform', 'DER', '-in', join(dir, 'crl.der'), '-noout', '-text'])).stdout;
      expect(crlNumber(text)).toBe(before + 1);
      expect(crlSerials(text)).toContain(d.serialNumber);
    } finally {
      await second.stopApp();
    }
  });

  it('leaves out expired and foreign certificates, and re-signs a CRL past half its validity', async () => {
    // Neither can be produced through the API in a test's time: an expiry, and a revoked certificate of another
    // CA in the read model (registered certificates, or a CA replaced). Both are written into the read model.
    const { ca: foreignCa } = await createCertificateAuthority({ validityDays: 30 });
    const foreign = await issueClientCertificate(foreignCa, {
      commonName: 'user-foreign',
      validitySeconds: 10 * 86_400,
    });
    const now = new Date();
    await h.ds.query(
      `INSERT INTO rm_certificates (serial_number, client_id, certificate_pem, fingerprint_sha256, not_before, not_after, status, revoked_at, revocation_reason, issued_at)
       VALUES ($1, 'foreign', $2, $3, $4, $5, 'revoked', $6, 'keyCompromise', $6)`,
      [
        foreign.serialNumber,
        foreign.certificatePem,
        foreign.fingerprintSha256,
        foreign.notBefore,
        foreign.notAfter,
        now,
      ],
    );
    const withForeign = await verifiedCrl();
    expect(crlSerials(withForeign)).not.toContain(foreign.serialNumber);
    const foreignStatus = await ocsp(['-serial', `0x${foreign.serialNumber}`]);
    expect(foreignStatus.stdout).toContain(`0x${foreign.serialNumber}: unknown`);

    await h.ds.query(`UPDATE rm_certificates SET not_after = now() - interval '1 second' WHERE serial_number = $1`, [
      clients.a.serialNumber,
    ]);
    const withoutExpired = await verifiedCrl();
    expect(crlSerials(withoutExpired)).not.toContain(clients.a.serialNumber);
    expect(crlSerials(withoutExpired)).toContain(clients.c.serialNumber);
    expect(crlNumber(withoutExpired)).toBeGreaterThan(crlNumber(withForeign));

    // The stored CRL is unchanged in content but more than half way to its nextUpdate: the next fetch re-signs it.
    await h.ds.query(
      `UPDATE crl_state SET this_update = this_update - interval '13 hours', next_update = next_update - interval '13 hours'`,
    );
    const resigned = await verifiedCrl();
    expect(crlNumber(resigned)).toBe(crlNumber(withoutExpired) + 1);
    expect(crlSerials(resigned)).toEqual(crlSerials(withoutExpired));
  });

  it('OCSP (POST, openssl ocsp): good, then revoked with time and reason after leave; unknown for a serial it never issued', async () => {
    const e = await enrolClient(h, dir, 'ocsp-e');
    const good = await ocsp(['-cert', e.certFile]);
    expect(good.status).toBe(0);
    expect(good.output).toContain('Response verify OK');
    expect(good.stdout).toContain(`${e.certFile}: good`);
    expect(good.stdout).toMatch(/Next Update:/);
    expect(good.output).not.toContain('WARNING: no nonce'); // the nonce is echoed

    await leaveClient(h, e);
    const revoked = await ocsp(['-cert', e.certFile]);
    expect(revoked.output).toContain('Response verify OK');
    expect(revoked.stdout).toContain(`${e.certFile}: revoked`);
    expect(revoked.stdout).toMatch(/Reason: cessationOfOperation/);
    expect(revoked.stdout).toMatch(/Revocation Time: /);

    const unknown = await ocsp(['-serial', '0x0123456789abcdef']);
    expect(unknown.output).toContain('Response verify OK');
    expect(unknown.stdout).toContain('0x0123456789abcdef: unknown');

    // Several certificates in one request (openssl sends them in one OCSPRequest).
    const both = await ocsp(['-cert', clients.b.certFile, '-cert', clients.a.certFile]);
    expect(both.output).toContain('Response verify OK');
    expect(both.stdout).toContain(`${clients.b.certFile}: good`);
    expect(both.stdout).toContain(`${clients.a.certFile}: revoked`);
  });

  it('OCSP: unknown for a certificate past its notAfter that was never revoked, revoked still for one that was', async () => {
    const e = await enrolClient(h, dir, 'ocsp-expired');
    const r = await enrolClient(h, dir, 'ocsp-expired-revoked');
    await leaveClient(h, r);
    expect((await ocsp(['-cert', e.certFile])).stdout).toContain(`${e.certFile}: good`);
    // Time passing, as the responder sees it: the read model's notAfter is behind us.
    await h.ds.query(
      `UPDATE rm_certificates SET not_after = now() - interval '1 minute' WHERE serial_number = ANY($1::text[])`,
      [[e.serialNumber, r.serialNumber]],
    );
    const expired = await ocsp(['-cert', e.certFile]);
    expect(expired.output).toContain('Response verify OK');
    expect(expired.stdout).toContain(`${e.certFile}: unknown`);
    const revoked = await ocsp(['-cert', r.certFile]);
    expect(revoked.stdout).toContain(`${r.certFile}: revoked`);
  });

  it('OCSP over GET: base64 in the path, URL-encoded or not, cacheable until nextUpdate', async () => {
    const reqFile = join(dir, 'req.der');
    await openssl(['ocsp', '-issuer', caFile, '-sha256', '-cert', clients.b.certFile, '-no_nonce', '-reqout', reqFile]);
    const base64 = readFileSync(reqFile).toString('base64');
    for (const path of [encodeURIComponent(base64), base64]) {
      const res = await fetch(`${h.url}/pki/ocsp/${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/ocsp-response');
      expect(res.headers.get('cache-control')).toMatch(
        /^max-age=(17\d\d|1800), public, no-transform, must-revalidate$/,
      );
      const respFile = join(dir, 'resp.der');
      writeFileSync(respFile, Buffer.from(await res.arrayBuffer()));
      const read = await openssl([
        'ocsp',
        '-respin',
        respFile,
        '-issuer',
        caFile,
        '-CAfile',
        caFile,
        '-sha256',
        '-cert',
        clients.b.certFile,
        '-no_nonce',
        '-resp_text',
      ]);
      expect(read.output).toContain('Response verify OK');
      expect(read.stdout).toContain(`${clients.b.certFile}: good`);
    }
  });

  it('answers malformedRequest, not an HTTP error, to anything that is not an OCSP request', async () => {
    const post = (body: Buffer | string, contentType = 'application/ocsp-request') =>
      fetch(`${h.url}/pki/ocsp`, { method: 'POST', headers: { 'content-type': contentType }, body });
    for (const res of [
      await post(Buffer.from('not der at all')),
      await post('{"json":true}', 'application/json'),
      await post(Buffer.alloc(0)),
      await post(Buffer.alloc(20_000, 0x30)),
      await fetch(`${h.url}/pki/ocsp/${encodeURIComponent('!!not base64!!')}`),
      await fetch(`${h.url}/pki/ocsp/%E0%A4%A`),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/ocsp-response');
      expect(Buffer.from(await res.arrayBuffer())).toEqual(MALFORMED_REQUEST);
    }
    writeFileSync(join(dir, 'malformed.der'), MALFORMED_REQUEST);
    const run = await openssl(['ocsp', '-respin', join(dir, 'malformed.der'), '-resp_text', '-noverify']);
    expect(run.output).toMatch(/malformedrequest/i);
  });
});
