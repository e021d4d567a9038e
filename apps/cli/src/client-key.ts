import { KeyObject, webcrypto } from 'node:crypto';
import { x509 } from '@certplane/pki';

export interface ClientKey {
  /** PKCS#8 PEM; it never leaves this machine */
  privateKeyPem: string;
  /** PKCS#10 PEM proving possession of the key, for certplane to issue against */
  csrPem: string;
}

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** A new P-256 key (certplane's key type) and a CSR for it, so the certificate is issued without the key travelling. */
export async function newClientKey(commonName: string): Promise<ClientKey> {
  const keys = await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
  // certplane sets the subject itself (CN=user-<name>); the CSR says the same so it reads sensibly on its own.
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [commonName] }],
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  return {
    privateKeyPem: KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString(),
    csrPem: csr.toString('pem'),
  };
}
