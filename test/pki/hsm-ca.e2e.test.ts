import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pkcs11js from 'pkcs11js';
import { Pkcs11Token } from '@certplane/vault';
import { curl } from '../auth/mtls-fixtures';
import { clientIdOf, Harness, startCertplane } from '../support/certplane-harness';
import { softHsmToken, type SoftHsmToken } from '../support/softhsm';
import { crlSerials, EnrolledClient, enrolClient, leaveClient, openssl } from './relying-party';

jest.setTimeout(90_000);

/**
 * certplane with its CA key in a PKCS#11 token (SoftHSM2), checked as its users check it: openssl verifies the
 * certificates, the CRL and OCSP answers signed through PKCS#11, curl trusts the mTLS listener, and the key
 * in the token cannot be extracted.
 */
describe('a CA whose key is in an HSM (SoftHSM2, real Postgres, NATS, openssl and curl)', () => {
  let hsm: SoftHsmToken;
  let h: Harness;
  let dir: string;
  let caFile: string;
  const clients: Record<string, EnrolledClient> = {};

  beforeAll(async () => {
    hsm = softHsmToken();
    h = await startCertplane({ env: hsm.env });
    dir = mkdtempSync(join(tmpdir(), 'cp-hsm-'));
    caFile = join(dir, 'ca.pem');
  });
  afterAll(async () => {
    await h?.stop();
    hsm?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('issues certificates openssl verifies against /pki/ca, from a CA certificate kept in Postgres without a key', async () => {
    const chain = await h.call('GET', '/pki/ca');
    expect(chain.status).toBe(200);
    writeFileSync(caFile, chain.text);
    clients.a = await enrolClient(h, dir, 'hsm-a');
    clients.b = await enrolClient(h, dir, 'hsm-b');
    for (const c of [clients.a, clients.b]) {
      const verified = await openssl(['verify', '-CAfile', caFile, c.certFile]);
      expect(verified.stdout).toContain(`${c.certFile}: OK`);
    }
    const rows = await h.ds.query('SELECT id, sealed_private_key FROM certificate_authorities');
    expect(rows).toEqual([{ id: `pkcs11:${hsm.tokenLabel}:certplane-ca`, sealed_private_key: null }]);
  });

  it('made the CA key in the token, where it cannot be extracted', async () => {
    const token = await Pkcs11Token.open({
      module: hsm.module,
      tokenLabel: hsm.tokenLabel,
      pinFile: hsm.pinFile,
      keyLabel: 'certplane-ca',
    });
    try {
      const key = (await token.findKey())!;
      expect(token.privateKeyAttribute(key, pkcs11js.CKA_EXTRACTABLE)).toEqual(Buffer.of(0));
      expect(token.privateKeyAttribute(key, pkcs11js.CKA_SENSITIVE)).toEqual(Buffer.of(1));
      const served = await openssl(['x509', '-in', caFile, '-noout', '-pubkey']);
      expect(served.stdout.replace(/\s/g, '')).toContain(key.spki.toString('base64'));
    } finally {
      token.close();
    }
  });

  it('signs the CRL and OCSP answers through PKCS#11: openssl crl -verify and openssl ocsp accept them', async () => {
    await leaveClient(h, clients.b);
    const crlFile = join(dir, 'crl.der');
    writeFileSync(crlFile, Buffer.from(await (await fetch(`${h.url}/pki/crl`)).arrayBuffer()));
    const crl = await openssl([
      'crl',
      '-CAfile',
      caFile,
      '-inform',
      'DER',
      '-in',
      crlFile,
      '-noout',
      '-verify',
      '-text',
    ]);
    expect(crl.stderr).toContain('verify OK');
    expect(crlSerials(crl.stdout)).toEqual([clients.b.serialNumber]);

    const ocsp = (c: EnrolledClient) =>
      openssl(['ocsp', '-issuer', caFile, '-CAfile', caFile, '-url', `${h.url}/pki/ocsp`, '-cert', c.certFile]);
    const good = await ocsp(clients.a);
    expect(good.output).toContain('Response verify OK');
    expect(good.stdout).toContain(`${clients.a.certFile}: good`);
    expect((await ocsp(clients.b)).stdout).toContain(`${clients.b.certFile}: revoked`);
  });

  it('serves mTLS with a server certificate signed through PKCS#11, and accepts its clients', async () => {
    const a = clients.a;
    const answer = await curl(`${h.tlsUrl}/clients/${clientIdOf(a.id)}`, {
      dir,
      cacert: caFile,
      cert: a.certFile,
      key: a.keyFile,
    });
    expect(answer.status).toBe(200);
  });

  it('gives a second process of the deployment the same CA, from the same key', async () => {
    const second = await startCertplane({ database: h.db, bus: h.bus, workers: [], env: hsm.env });
    try {
      expect((await second.call('GET', '/pki/ca')).text).toBe((await h.call('GET', '/pki/ca')).text);
      expect(await h.ds.query('SELECT count(*)::int AS n FROM certificate_authorities')).toEqual([{ n: 1 }]);
    } finally {
      await second.stopApp();
    }
  });
});
