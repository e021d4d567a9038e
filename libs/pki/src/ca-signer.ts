import { KeyObject, sign, webcrypto } from 'node:crypto';
import { ecdsaDerToRaw } from './ecdsa-signature-encoding';

/**
 * What signs as the CA: certificates, CRLs and OCSP responses all go through one of these, so where the key
 * lives (in this process, or in an HSM it never leaves) is decided once, when the CA is loaded.
 */
export interface CaSigner {
  /** ECDSA with SHA-256 over `data` by the CA's P-256 key: the DER Ecdsa-Sig-Value. */
  sign(data: Uint8Array): Promise<Buffer>;
  /**
   * The key itself when this process holds it (sealed in Postgres, or from a file), so worker threads and
   * synchronous paths can sign with it; absent for a key in an HSM.
   */
  readonly localKey?: KeyObject;
}

/** A CA key held in this process. */
export class LocalKeySigner implements CaSigner {
  constructor(readonly localKey: KeyObject) {}

  signNow(data: Uint8Array): Buffer {
    return sign('sha256', data, { key: this.localKey, dsaEncoding: 'der' });
  }

  async sign(data: Uint8Array): Promise<Buffer> {
    return this.signNow(data);
  }
}

/**
 * A WebCrypto whose `sign` is the CA signer's and everything else node's, for @peculiar/x509's generators:
 * they take a provider per call and hand `sign` a key they never look into, so the CA's public key stands
 * in for a private key they cannot hold.
 */
export function cryptoSigningWith(signer: CaSigner): webcrypto.Crypto {
  const subtle = webcrypto.subtle;
  const signing = new Proxy(subtle, {
    get(target, property) {
      if (property === 'sign') {
        return async (_algorithm: unknown, _key: unknown, data: ArrayBuffer | ArrayBufferView) => {
          const bytes = ArrayBuffer.isView(data)
            ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
            : new Uint8Array(data);
          const raw = ecdsaDerToRaw(await signer.sign(bytes));
          return raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    subtle: signing,
    getRandomValues: webcrypto.getRandomValues.bind(webcrypto),
    randomUUID: webcrypto.randomUUID.bind(webcrypto),
  } as webcrypto.Crypto;
}
