import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUPERSEDED_SIGNING_GRACE_MS } from '@certplane/domain';
import { IssuerLifecyclePass } from '../../apps/api/src/issuers/issuer-lifecycle/issuer-lifecycle.pass';
import { curl } from '../auth/mtls-fixtures';
import { bearer, clientIdOf, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { EnrolledClient, enrolClient, openssl } from './relying-party';

jest.setTimeout(120_000);

const PUBLIC_URL = 'https://certplane.example';

interface IssuerRow {
  id: string;
  kind: string;
  status: string;
  chain: string;
  not_after: string;
}

/**
 * What happens to issuers with time: the CA a deployment starts with is the first issuer from the start; new
 * certificates name their issuer's certificate (AIA caIssuers) where certplane serves it; a superseded issuer
 * retires once its last certificate has expired, and one past its own notAfter does; a retired issuer leaves
 * the trust bundle and mTLS, its CRL is 410 and its OCSP answer unauthorized; an issuer whose key would not
 * open costs only its own answers (503), and is back once its key is.
 */
describe('issuer retirement, AIA caIssuers and keys that would not open (real Postgres, NATS, openssl and curl)', () => {
  let h: Harness;
  let dir: string;
  let second: Harness | undefined;
  beforeAll(async () => {
    h = await startCertplane({ env: { CERTPLANE_CA_PUBLIC_URL: PUBLIC_URL } });
    dir = mkdtempSync(join(tmpdir(), 'cp-retire-'));
  });
  afterAll(async () => {
    await second?.stopApp();
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const issuers = async (on = h): Promise<IssuerRow[]> => {
    const res = await on.call('GET', '/pki/issuers', undefined, bearer(on));
    expect(res.status).toBe(200);
    return res.body;
  };
  const bundleFile = async (name: string, on = h) => {
    const res = await on.call('GET', '/pki/ca');
    const file = join(dir, name);
    writeFileSync(file, res.text);
    return { file, pem: res.text };
  };
  const newIssuer = async (activate: boolean): Promise<string> => {
    const created = await h.call('POST', '/pki/issuers', { kind: 'root' }, bearer(h));
    expect(created.status).toBe(201);
    if (activate)
      expect((await h.call('POST', `/pki/issuers/${created.body.id}/activate`, {}, bearer(h))).status).toBe(200);
    return created.body.id;
  };
  const notAfterOf = async (client: EnrolledClient) =>
    new Date((await openssl(['x509', '-in', client.certFile, '-noout', '-enddate'])).stdout.trim().slice(9));
  const ocsp = (client: EnrolledClient, issuerFile: string, bundle: string, on = h) =>
    openssl(['ocsp', '-issuer', issuerFile, '-CAfile', bundle, '-cert', client.certFile, '-url', `${on.url}/pki/ocsp`]);
  const pass = (on = h) => on.app.get(IssuerLifecyclePass);

  let first: IssuerRow;
  let old: EnrolledClient;

  it('records the CA it started with as the first issuer during start-up, before any request', async () => {
    const rows = await h.ds.query(`SELECT issuer_id, active FROM issuer_registry`);
    expect(rows).toEqual([{ issuer_id: expect.any(String), active: true }]);
    [first] = await issuers();
    expect(first).toMatchObject({ id: rows[0].issuer_id, kind: 'existing', status: 'active' });
  });

  it("writes AIA caIssuers naming its issuer's certificate, which certplane serves as DER", async () => {
    old = await enrolClient(h, dir, 'retire-old');
    const ext = await openssl(['x509', '-in', old.certFile, '-noout', '-ext', 'authorityInfoAccess']);
    expect(ext.stdout).toContain(`OCSP - URI:${PUBLIC_URL}/pki/ocsp`);
    expect(ext.stdout).toContain(`CA Issuers - URI:${PUBLIC_URL}/pki/issuers/${first.id}/certificate`);
    const url = /CA Issuers - URI:(\S+)/.exec(ext.stdout)![1];
    const res = await fetch(`${h.url}${new URL(url).pathname}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pkix-cert');
    const der = join(dir, 'ca-issuers.der');
    writeFileSync(der, Buffer.from(await res.arrayBuffer()));
    const pem = join(dir, 'ca-issuers.pem');
    expect((await openssl(['x509', '-inform', 'DER', '-in', der, '-out', pem])).status).toBe(0);
    expect((await openssl(['verify', '-CAfile', pem, old.certFile])).stdout).toContain(`${old.certFile}: OK`);
    expect((await h.call('GET', '/pki/issuers/00000000-0000-4000-8000-000000000000/certificate')).body.code).toBe(
      'ISSUER_NOT_FOUND',
    );
  });

  let second1: string;
  let fresh: EnrolledClient;

  it('keeps a superseded issuer answering while a certificate it signed is valid, then retires it', async () => {
    second1 = await newIssuer(true);
    fresh = await enrolClient(h, dir, 'retire-new');
    const afterGrace = new Date(Date.now() + SUPERSEDED_SIGNING_GRACE_MS + 60_000);
    expect(await pass().retireDue(new Date())).toEqual([]);
    expect(await pass().retireDue(afterGrace)).toEqual([]);
    expect((await issuers()).map((i) => i.status)).toEqual(['superseded', 'active']);

    const bundleBefore = await bundleFile('before.pem');
    expect(bundleBefore.pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    const firstFile = join(dir, 'first.pem');
    writeFileSync(firstFile, first.chain);
    expect((await ocsp(old, firstFile, bundleBefore.file)).stdout).toContain(': good');

    // The last certificate it signed has expired (as of a moment after its notAfter): it retires, once.
    const lastExpired = new Date((await notAfterOf(old)).getTime() + 1000);
    expect(await pass().retireDue(lastExpired)).toEqual([first.id]);
    expect(await pass().retireDue(lastExpired)).toEqual([]);
    const [retired] = (await h.store.readStream(`issuer-${first.id}`, 0)).slice(-1);
    expect(retired).toMatchObject({
      type: 'IssuerRetired',
      data: { issuerId: first.id, reason: 'certificates-expired', lastCertificateNotAfter: expect.any(String) },
    });
    await eventually(
      async () => ((await issuers())[0].status === 'retired' ? true : undefined),
      10_000,
      'the listing showing it retired',
    );

    // Out of the trust bundle, details' ca and mTLS; its CRL is gone and OCSP no longer answers for it.
    const bundleAfter = await bundleFile('after.pem');
    expect(bundleAfter.pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
    expect(bundleAfter.pem).not.toContain(first.chain.trim());
    expect((await openssl(['verify', '-CAfile', bundleAfter.file, old.certFile])).status).not.toBe(0);
    expect((await openssl(['verify', '-CAfile', bundleAfter.file, fresh.certFile])).stdout).toContain(': OK');
    expect((await h.call('GET', `/informationservice/details/${fresh.id}`)).body.ca).toBe(bundleAfter.pem);
    const mtls = (client: EnrolledClient) =>
      curl(`${h.tlsUrl}/clients/${clientIdOf(client.id)}`, {
        dir,
        cacert: bundleAfter.file,
        cert: client.certFile,
        key: client.keyFile,
      });
    expect((await mtls(fresh)).status).toBe(200);
    expect((await mtls(old)).status).not.toBe(200);
    const crl = await h.call('GET', `/pki/issuers/${first.id}/crl`);
    expect(crl).toMatchObject({ status: 410, body: { code: 'ISSUER_RETIRED' } });
    const answer = await ocsp(old, firstFile, bundleBefore.file);
    expect(answer.output).toContain('unauthorized');
    expect((await h.call('POST', `/pki/issuers/${first.id}/activate`, {}, bearer(h))).body.code).toBe('ISSUER_RETIRED');
    // Its certificate is still served: old leaves name it.
    expect((await fetch(`${h.url}/pki/issuers/${first.id}/certificate`)).status).toBe(200);
  });

  it('retires an issuer past its own notAfter, but never the active one', async () => {
    const ready = await newIssuer(false);
    const readyNotAfter = new Date((await issuers()).find((i) => i.id === ready)!.not_after);
    const past = new Date(readyNotAfter.getTime() + 1000);
    expect(await pass().retireDue(past)).toEqual([ready]);
    const [retired] = (await h.store.readStream(`issuer-${ready}`, 0)).slice(-1);
    expect(retired).toMatchObject({ type: 'IssuerRetired', data: { reason: 'expired' } });
    expect((await issuers()).find((i) => i.id === second1)!.status).toBe('active');
  });

  it('loads every other issuer when a superseded one has a key that will not open, and reports it', async () => {
    // The second issuer is superseded by a third; then its key goes (as an HSM key deleted would).
    await newIssuer(true);
    const keyRef = `issuer:${second1}`;
    const [{ sealed_private_key: sealed }] = await h.ds.query(
      `SELECT sealed_private_key FROM certificate_authorities WHERE id = $1`,
      [keyRef],
    );
    await h.ds.query(`UPDATE certificate_authorities SET sealed_private_key = NULL WHERE id = $1`, [keyRef]);

    // A process of the deployment starting now: it starts, signs with the active issuer, and says what is wrong.
    second = await startCertplane({ database: h.db, bus: h.bus, captureLogs: true });
    const s = second;
    const line = s.logs.find((l) => l.includes("an issuer's key cannot be opened"));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ issuerId: second1, error: expect.stringContaining(keyRef) });
    const ready = await s.call('GET', '/health/ready');
    expect(ready.body.checks['ca:issuerKeys'][0]).toMatchObject({ status: 'warn', observedValue: 1 });
    expect(ready.body.checks['ca:issuerKeys'][0].output).toContain(second1);

    const crl = await s.call('GET', `/pki/issuers/${second1}/crl`);
    expect(crl).toMatchObject({ status: 503, body: { code: 'ISSUER_KEY_UNAVAILABLE' } });
    expect(crl.headers.get('retry-after')).toBe('60');
    const bundle = await bundleFile('unavailable.pem', s);
    expect(bundle.pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    const issuerFile = join(dir, 'second.pem');
    writeFileSync(issuerFile, (await issuers(s)).find((i) => i.id === second1)!.chain);
    const request = join(dir, 'request.der');
    await openssl(['ocsp', '-issuer', issuerFile, '-cert', fresh.certFile, '-reqout', request]);
    const res = await fetch(`${s.url}/pki/ocsp`, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request' },
      body: new Uint8Array(readFileSync(request)),
    });
    expect(res.status).toBe(503);
    const response = join(dir, 'response.der');
    writeFileSync(response, Buffer.from(await res.arrayBuffer()));
    expect((await openssl(['ocsp', '-respin', response, '-resp_text', '-noverify'])).output).toMatch(/trylater/i);

    // The certificate it signed still passes mTLS, and enrolments are issued by the active issuer.
    const mtls = await curl(`${s.tlsUrl}/clients/${clientIdOf(fresh.id)}`, {
      dir,
      cacert: bundle.file,
      cert: fresh.certFile,
      key: fresh.keyFile,
    });
    expect(mtls.status).toBe(200);
    const later = await enrolClient(s, dir, 'retire-later');
    expect((await openssl(['verify', '-CAfile', bundle.file, later.certFile])).stdout).toContain(': OK');
    expect(s.logs.join('\n')).not.toContain(sealed);

    // Its key back: the next pass reads the issuers again, and it answers again.
    await h.ds.query(`UPDATE certificate_authorities SET sealed_private_key = $2 WHERE id = $1`, [keyRef, sealed]);
    await pass(s).runOnce();
    await eventually(
      async () => ((await s.call('GET', `/pki/issuers/${second1}/crl`)).status === 200 ? true : undefined),
      10_000,
      'its CRL signed again',
    );
    expect((await s.call('GET', '/health/ready')).body.checks['ca:issuerKeys'][0].status).toBe('pass');
  });
});
