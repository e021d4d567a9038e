import { KeyObject, webcrypto } from 'node:crypto';
import type { KeyType } from '@certplane/domain';
import { x509 } from '@certplane/pki';

export interface ClientKey {
  /** PKCS#8 PEM; it never leaves this machine */
  privateKeyPem: string;
  /** PKCS#10 PEM proving possession of the key, for certplane to issue against */
  csrPem: string;
}

const RSA = (modulusLength: number) => {
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  };
  return { generate: algorithm, sign: algorithm };
};

/** How WebCrypto makes a key of each type certplane takes, and signs the CSR with it. */
const ALGORITHMS: Record<KeyType, { generate: webcrypto.Algorithm; sign: webcrypto.Algorithm }> = {
  'ec-p256': {
    generate: { name: 'ECDSA', namedCurve: 'P-256' } as webcrypto.EcKeyGenParams,
    sign: { name: 'ECDSA', hash: 'SHA-256' } as webcrypto.EcdsaParams,
  },
  'ec-p384': {
    generate: { name: 'ECDSA', namedCurve: 'P-384' } as webcrypto.EcKeyGenParams,
    sign: { name: 'ECDSA', hash: 'SHA-384' } as webcrypto.EcdsaParams,
  },
  'rsa-2048': RSA(2048),
  'rsa-3072': RSA(3072),
  'rsa-4096': RSA(4096),
  ed25519: { generate: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
};

/**
 * A new key and a CSR for it, so the certificate is issued without the key travelling. P-256 (the
 * default profile's) unless the caller knows the key type its profile takes, as the renewal agent
 * does from the certificate it renews.
 */
export async function newClientKey(commonName: string, keyType: KeyType = 'ec-p256'): Promise<ClientKey> {
  const { generate, sign } = ALGORITHMS[keyType];
  const keys = (await webcrypto.subtle.generateKey(generate, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  // certplane sets the subject itself (from its profile); the CSR says the same so it reads sensibly on its own.
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [commonName] }],
    keys,
    signingAlgorithm: sign,
  });
  return {
    privateKeyPem: KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString(),
    csrPem: csr.toString('pem'),
  };
}
