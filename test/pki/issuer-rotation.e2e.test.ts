import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, clientIdOf, Harness, startCertplane } from '../support/certplane-harness';
import * as pkcs11js from 'pkcs11js';
import { Pkcs11Token } from '@certplane/vault';
import { curl } from '../auth/mtls-fixtures';
import { softHsmToken, type SoftHsmToken } from '../support/softhsm';
import { EnrolledClient, enrolClient, leaveClient, openssl } from './relying-party';

// jest.config.js sets testTimeout per project, where Jest ignores it (it is a global option): set it here.
jest.setTimeout(120_000);

/**
 * The done-when: rotate the issuer under a steady enrolment load. No request fails; certificates issued
 * before and after both verify against /pki/ca; old ones still pass mTLS and OCSP; each issuer's CRL verifies.
 */
describe.each([
  ['keys sealed in Postgres', false],
  ['keys in a PKCS#11 token (SoftHSM2)', true],
])('issuer rotation under enrolment load, %s (real Postgres, NATS, openssl and curl)', (_where, inHsm) => {
  let h: Harness;
  let dir: string;
  let hsm: SoftHsmToken | undefined;
  beforeAll(async () => {
    hsm = inHsm ? softHsmToken() : undefined;
    h = await startCertplane({ env: hsm?.env ?? {} });
    dir = mkdtempSync(join(tmpdir(), 'cp-rotate-'));
  });
  afterAll(async () => {
    await h?.stop();
    hsm?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const issuers = async () => {
    const res = await h.call('GET', '/pki/issuers', undefined, bearer(h));
    expect(res.status).toBe(200);
    return res.body as Array<{ id: string; kind: string; status: string; chain: string; not_after: string }>;
  };
  const writeBundle = async (name: string) => {
    const res = await h.call('GET', '/pki/ca');
    expect(res.status).toBe(200);
    const file = join(dir, name);
    writeFileSync(file, res.text);
    return { file, pem: res.text };
  };
  const issuerFile = (id: string, chain: string) => {
    const file = join(dir, `issuer-${id}.pem`);
    writeFileSync(file, chain);
    return file;
  };
  const issuerOf = async (client: EnrolledClient) =>
    (await openssl(['x509', '-in', client.certFile, '-noout', '-issuer'])).stdout.trim();

  it('records the CA it started with as the first issuer, active, and lists it', async () => {
    const [first] = await issuers();
    expect(first).toMatchObject({ kind: 'existing', status: 'active' });
    const { pem } = await writeBundle('before.pem');
    expect(pem).toBe(first.chain);
  });

  it('refuses bad input with a stable code, and an admin route to nobody else', async () => {
    expect((await h.call('POST', '/pki/issuers', { kind: 'sideways' }, bearer(h))).body.code).toBe(
      'INVALID_ISSUER_KIND',
    );
    expect((await h.call('POST', '/pki/issuers', { colour: 'red' }, bearer(h))).body.code).toBe('UNKNOWN_FIELD');
    const missing = await h.call('POST', '/pki/issuers/00000000-0000-4000-8000-000000000000/activate', {}, bearer(h));
    expect(missing).toMatchObject({ status: 404, body: { code: 'ISSUER_NOT_FOUND' } });
    expect((await h.call('POST', '/pki/issuers/not-a-uuid/activate', {}, bearer(h))).status).toBe(404);
    expect((await h.call('GET', '/pki/issuers/not-a-uuid/crl')).body.code).toBe('ISSUER_NOT_FOUND');
    expect((await h.call('POST', '/pki/issuers', {})).status).toBe(401);
    expect((await issuers()).length).toBe(1);
  });

  it('rotates under a steady enrolment load: nothing fails, and old and new certificates verify, authenticate and answer OCSP', async () => {
    const [oldIssuer] = await issuers();
    const before = await enrolClient(h, dir, 'before-0');

    // A bounded loop of enrolments on loopback, running through the rotation.
    const enrolled: EnrolledClient[] = [];
    const failures: unknown[] = [];
    let stop = false;
    const load = (async () => {
      for (let i = 0; i < 200 && !stop; i++) {
        try {
          enrolled.push(await enrolClient(h, dir, `load-${i}`));
        } catch (e) {
          failures.push(e);
        }
      }
    })();
    while (enrolled.length < 5) await new Promise((r) => setTimeout(r, 20));

    const created = await h.call('POST', '/pki/issuers', { kind: 'root' }, bearer(h));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'root', status: 'ready' });
    const newId: string = created.body.id;
    // The new key is where the deployment keeps its CA keys: sealed here, or in the token and nowhere else.
    const [keyRow] = await h.ds.query(`SELECT id, sealed_private_key FROM certificate_authorities WHERE id LIKE $1`, [
      `%${newId}%`,
    ]);
    if (hsm) {
      expect(keyRow).toEqual({ id: expect.stringMatching(/^pkcs11:/), sealed_private_key: null });
      const keyLabel = keyRow.id.slice(`pkcs11:${hsm.tokenLabel}:`.length);
      expect(keyLabel).toMatch(new RegExp(`^certplane-ca-${newId}-[0-9a-f]{8}$`));
      const token = await Pkcs11Token.open({
        module: hsm.module,
        tokenLabel: hsm.tokenLabel,
        pinFile: hsm.pinFile,
        keyLabel,
      });
      try {
        const key = (await token.findKey())!;
        expect(token.privateKeyAttribute(key, pkcs11js.CKA_EXTRACTABLE)).toEqual(Buffer.of(0));
      } finally {
        token.close();
      }
    } else {
      expect(keyRow).toEqual({ id: `issuer:${newId}`, sealed_private_key: expect.any(String) });
      expect(keyRow.sealed_private_key).not.toContain('PRIVATE KEY');
    }
    const activated = await h.call('POST', `/pki/issuers/${newId}/activate`, {}, bearer(h));
    expect(activated).toMatchObject({ status: 200, body: { id: newId, status: 'active' } });
    const atActivation = enrolled.length;
    while (enrolled.length < atActivation + 5) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await load;
    expect(failures).toEqual([]);

    const after = await enrolClient(h, dir, 'after-0');
    expect(await issuerOf(after)).not.toBe(await issuerOf(before));
    const listed = await issuers();
    expect(listed.map((i) => [i.id, i.status])).toEqual([
      [oldIssuer.id, 'superseded'],
      [newId, 'active'],
    ]);

    // The trust bundle holds both: every certificate, from either issuer, verifies against it.
    const bundle = await writeBundle('bundle.pem');
    expect(bundle.pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    for (const client of [before, after, ...enrolled]) {
      const verified = await openssl(['verify', '-CAfile', bundle.file, client.certFile]);
      expect(verified.stdout).toContain(': OK');
    }
    // details' ca is the same bundle, so a client that re-reads its details trusts the new issuer.
    const details = await h.call('GET', `/informationservice/details/${after.id}`);
    expect(details.body.ca).toBe(bundle.pem);

    // mTLS: the old certificate still authenticates, and so does the new one.
    for (const client of [before, after]) {
      const answer = await curl(`${h.tlsUrl}/health`, {
        dir,
        cacert: bundle.file,
        cert: client.certFile,
        key: client.keyFile,
      });
      expect(answer.status).toBe(200);
      const own = await curl(`${h.tlsUrl}/clients/${clientIdOf(client.id)}`, {
        dir,
        cacert: bundle.file,
        cert: client.certFile,
        key: client.keyFile,
      });
      expect(own.status).toBe(200);
    }

    // OCSP by the issuer the request names: the old issuer answers for its certificate, the new one for its own.
    const oldFile = issuerFile(oldIssuer.id, oldIssuer.chain);
    const newFile = issuerFile(newId, listed[1].chain);
    for (const [client, issuerPem] of [
      [before, oldFile],
      [after, newFile],
    ] as const) {
      const ocsp = await openssl([
        'ocsp',
        '-issuer',
        issuerPem,
        '-CAfile',
        bundle.file,
        '-cert',
        client.certFile,
        '-url',
        `${h.url}/pki/ocsp`,
      ]);
      expect(ocsp.output).toContain('Response verify OK');
      expect(ocsp.stdout).toContain(': good');
    }

    // Each issuer's CRL, signed by it, lists its own revoked certificate; /pki/crl is the active one's.
    await leaveClient(h, before);
    const leaver = await enrolClient(h, dir, 'after-leaver');
    await leaveClient(h, leaver);
    const crlOf = async (path: string, issuerPem: string) => {
      const res = await fetch(`${h.url}${path}`);
      expect(res.status).toBe(200);
      const file = join(dir, `${path.replace(/\W/g, '_')}.der`);
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      const run = await openssl([
        'crl',
        '-CAfile',
        issuerPem,
        '-inform',
        'DER',
        '-in',
        file,
        '-noout',
        '-verify',
        '-text',
      ]);
      expect(run.stderr).toContain('verify OK');
      return run.stdout.toLowerCase();
    };
    const oldCrl = await crlOf(`/pki/issuers/${oldIssuer.id}/crl`, oldFile);
    expect(oldCrl).toContain(before.serialNumber);
    expect(oldCrl).not.toContain(leaver.serialNumber);
    const newCrl = await crlOf(`/pki/issuers/${newId}/crl`, newFile);
    expect(newCrl).toContain(leaver.serialNumber);
    expect(newCrl).not.toContain(before.serialNumber);
    expect(await crlOf('/pki/crl', newFile)).toBe(newCrl);
  });

  it('activating the active issuer changes nothing', async () => {
    const active = (await issuers()).find((i) => i.status === 'active')!;
    const again = await h.call('POST', `/pki/issuers/${active.id}/activate`, {}, bearer(h));
    expect(again).toMatchObject({ status: 200, body: { status: 'active' } });
    expect((await issuers()).filter((i) => i.status === 'active')).toHaveLength(1);
  });
});
