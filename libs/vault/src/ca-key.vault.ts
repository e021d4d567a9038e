import { readFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import type { Pkcs11KeySettings } from '@certplane/config';
import {
  type CaKeyReference,
  type CaSigner,
  createCertificateAuthorityForKey,
  exportPrivateKeyPem,
  generateKeyPair,
  importPrivateKeyPem,
  LoadedCertificateAuthority,
  LocalKeySigner,
  SecretBox,
} from '@certplane/pki';
import { Tx } from '@certplane/persistence';
import { KeyObject, randomBytes } from 'node:crypto';
import {
  type CertificateAuthoritySource,
  FILE_KEY_REF,
  missingTokenKey,
  pkcs11KeyRef,
} from './first-certificate-authority';
import { Pkcs11Token } from './pkcs11-token';

/** A new issuer's key, and the write that keeps what must be kept of it with the issuer's first event. */
export interface NewCaKey {
  keyRef: string;
  key: CaKeyReference;
  /** Seals the key (or, for a key in the HSM, nothing) into certificate_authorities, in the event's transaction */
  store(tx: Tx, certificatePem: string): Promise<void>;
}

const SEALED_PREFIX = 'issuer:';

/**
 * The issuers' keys, by keyRef: `default` (the first CA, sealed in Postgres), `file` (CERTPLANE_CA_KEY_FILE),
 * `issuer:<id>` (made for an issuer and sealed in Postgres), `pkcs11:<token>:<label>` (in the HSM, never
 * leaving it). New keys go into the HSM when one is configured, else they are sealed like the first CA's.
 */
export class CaKeyVault {
  private readonly tokens = new Map<string, Pkcs11Token>();

  constructor(
    private readonly ds: DataSource,
    private readonly box: SecretBox,
    private readonly source: CertificateAuthoritySource,
  ) {}

  async open(keyRef: string): Promise<CaSigner> {
    if (keyRef === FILE_KEY_REF) {
      if (!this.source.keyFile) throw new Error("the first issuer's key is in CERTPLANE_CA_KEY_FILE, which is not set");
      const pem = await readFile(this.source.keyFile, 'utf8');
      return new LocalKeySigner(KeyObject.from(await importPrivateKeyPem(pem)));
    }
    if (keyRef.startsWith('pkcs11:')) {
      const settings = this.tokenSettings(keyRef);
      const key = await (await this.token(settings)).findKey();
      if (!key) throw missingTokenKey(settings, 'which an issuer was made for');
      return key.signer;
    }
    const [row] = await this.ds.query('SELECT sealed_private_key FROM certificate_authorities WHERE id = $1', [keyRef]);
    if (!row?.sealed_private_key) throw new Error(`no sealed CA key ${keyRef} in certificate_authorities`);
    const pem = this.box.open(row.sealed_private_key, `ca:${keyRef}`);
    return new LocalKeySigner(KeyObject.from(await importPrivateKeyPem(pem)));
  }

  /** A new key for an issuer: generated in the HSM when one is configured, else here, to be sealed. */
  async create(issuerId: string, clusterId: string): Promise<NewCaKey> {
    const pkcs11 = this.source.pkcs11;
    if (pkcs11) {
      // A random tail: two replicas making the same planned successor at once must not share a label.
      const settings = { ...pkcs11, keyLabel: `${pkcs11.keyLabel}-${issuerId}-${randomBytes(4).toString('hex')}` };
      const keyRef = pkcs11KeyRef(settings.tokenLabel, settings.keyLabel);
      const key = await (await this.token(settings)).generateKey();
      return {
        keyRef,
        key,
        store: async (tx, certificatePem) => {
          await tx.query(
            'INSERT INTO certificate_authorities (id, cluster_id, certificate_pem, sealed_private_key) VALUES ($1, $2, $3, NULL)',
            [keyRef, clusterId, certificatePem],
          );
        },
      };
    }
    const keyRef = `${SEALED_PREFIX}${issuerId}`;
    const keys = await generateKeyPair();
    const privateKeyPem = exportPrivateKeyPem(keys.privateKey);
    return {
      keyRef,
      key: { signer: new LocalKeySigner(KeyObject.from(keys.privateKey)), publicKey: keys.publicKey },
      store: async (tx, certificatePem) => {
        await tx.query(
          'INSERT INTO certificate_authorities (id, cluster_id, certificate_pem, sealed_private_key) VALUES ($1, $2, $3, $4)',
          [keyRef, clusterId, certificatePem, this.box.seal(privateKeyPem, `ca:${keyRef}`)],
        );
      },
    };
  }

  /** A self-signed root for a new key, named apart from the other issuers so relying parties can tell them. */
  async selfSigned(key: CaKeyReference, clusterId: string, commonName: string): Promise<LoadedCertificateAuthority> {
    return createCertificateAuthorityForKey(key, { validityDays: this.source.validityDays, clusterId, commonName });
  }

  close(): void {
    for (const token of this.tokens.values()) token.close();
    this.tokens.clear();
  }

  private tokenSettings(keyRef: string): Pkcs11KeySettings {
    const pkcs11 = this.source.pkcs11;
    const [, tokenLabel, ...label] = keyRef.split(':');
    if (!pkcs11 || tokenLabel !== pkcs11.tokenLabel)
      throw new Error(
        `an issuer's key is in the PKCS#11 token "${tokenLabel}", which CERTPLANE_CA_PKCS11_* does not name`,
      );
    return { ...pkcs11, keyLabel: label.join(':') };
  }

  private async token(settings: Pkcs11KeySettings): Promise<Pkcs11Token> {
    let token = this.tokens.get(settings.keyLabel);
    if (!token) this.tokens.set(settings.keyLabel, (token = await Pkcs11Token.open(settings)));
    return token;
  }
}
