import { generateKeyPairSync, KeyObject, X509Certificate as NodeX509Certificate, webcrypto } from 'node:crypto';
import { type CaSigner, LocalKeySigner } from './ca-signer';
import { createCertificateAuthorityForKey } from './certificate-authority';
import { lintClientCertificate } from './certificate-lint';
import { x509 } from './crypto-provider';
import { buildCrl } from './crl';
import { certificateTemplateFor } from './issue-client-certificate';
import { issueServerCertificate } from './issue-server-certificate';
import { PkiError } from './pki.errors';

/** A key this process cannot reach, as an HSM's: it only answers sign(). */
function remoteSigner(): { signer: CaSigner & { calls: number }; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const local = new LocalKeySigner(privateKey);
  const signer = {
    calls: 0,
    async sign(data: Uint8Array) {
      signer.calls++;
      await new Promise((resolve) => setImmediate(resolve));
      return local.signNow(data);
    },
  };
  return { signer, publicKey };
}

describe('a CA whose key only signs (the seam an HSM plugs into)', () => {
  it('makes the self-signed CA, client and server certificates and CRLs through the signer alone', async () => {
    const { signer, publicKey } = remoteSigner();
    const webPublicKey = await webcrypto.subtle.importKey(
      'spki',
      publicKey.export({ type: 'spki', format: 'der' }),
      { name: 'ECDSA', namedCurve: 'P-256' },
      true,
      ['verify'],
    );
    const ca = await createCertificateAuthorityForKey({ signer, publicKey: webPublicKey }, { validityDays: 30 });
    expect(ca.signer.localKey).toBeUndefined();
    expect(new NodeX509Certificate(ca.certificatePem).verify(publicKey)).toBe(true);

    const template = await certificateTemplateFor(ca);
    const issued = await template.issueSigned({
      commonName: 'user-remote',
      validitySeconds: 86_400,
      ips: ['10.0.0.1'],
    });
    expect(lintClientCertificate(issued.certificatePem, ca)).toEqual([]);
    expect(() => template.issue({ commonName: 'user-remote', validitySeconds: 86_400 })).toThrow(PkiError);

    const server = await issueServerCertificate(ca, {
      commonName: 'certplane',
      hostnames: ['localhost'],
      ips: [],
      validityDays: 1,
    });
    expect(new NodeX509Certificate(server.certificatePem).verify(publicKey)).toBe(true);

    const now = new Date();
    const crl = new x509.X509Crl(
      await buildCrl(ca, {
        crlNumber: 1n,
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + 3_600_000),
        entries: [],
      }),
    );
    expect(await crl.verify({ publicKey: webPublicKey })).toBe(true);
    expect(signer.calls).toBeGreaterThanOrEqual(5);
  });
});
