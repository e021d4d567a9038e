import { readFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import type { Pkcs11KeySettings } from '@certplane/config';
import {
  createCertificateAuthority,
  createCertificateAuthorityForKey,
  loadCertificateAuthority,
  loadCertificateAuthorityForKey,
  LoadedCertificateAuthority,
  SecretBox,
} from '@certplane/pki';
import { inTransaction } from '@certplane/persistence';
import { Pkcs11Failure } from './pkcs11-failure';
import { type CaKeyReferenceWithHandles, Pkcs11Token } from './pkcs11-token';

export interface CertificateAuthoritySource {
  certFile?: string;
  keyFile?: string;
  validityDays: number;
  /** The CA key is in an HSM: its certificate comes from certFile, or is made on first start and kept in Postgres */
  pkcs11?: Pkcs11KeySettings;
}

const CA_ROW_ID = 'default';
// Serialises first-start creation across processes; "certplca" in ASCII.
const CA_CREATE_LOCK_KEY = '7162254443985347425';

/**
 * The CA certplane signs with: loaded from PEM files when configured; with its key in an HSM when a PKCS#11
 * module is; otherwise created on first start and kept in Postgres with its private key sealed, so every
 * process and every restart uses the same CA.
 */
export class CertificateAuthorityStore {
  private loading?: Promise<LoadedCertificateAuthority>;
  private token?: Pkcs11Token;

  constructor(
    private readonly ds: DataSource,
    private readonly box: SecretBox,
    private readonly source: CertificateAuthoritySource,
  ) {}

  get(): Promise<LoadedCertificateAuthority> {
    this.loading ??= this.load().catch((e) => {
      this.loading = undefined;
      throw e;
    });
    return this.loading;
  }

  /** Lets go of the HSM's sessions; a later get() opens the token again. */
  close(): void {
    this.token?.close();
    this.token = undefined;
    this.loading = undefined;
  }

  private async load(): Promise<LoadedCertificateAuthority> {
    if (this.source.pkcs11) return this.loadWithTokenKey(this.source.pkcs11);
    if (this.source.certFile && this.source.keyFile) {
      const [certificatePem, privateKeyPem] = await Promise.all([
        readFile(this.source.certFile, 'utf8'),
        readFile(this.source.keyFile, 'utf8'),
      ]);
      return loadCertificateAuthority({ certificatePem, privateKeyPem });
    }
    const existing = await this.readRow(this.ds);
    if (existing) return existing;
    return inTransaction(this.ds, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CA_CREATE_LOCK_KEY]);
      const [row] = await tx.query(
        'SELECT certificate_pem, sealed_private_key FROM certificate_authorities WHERE id = $1',
        [CA_ROW_ID],
      );
      if (row) return this.open(row);
      const { ca, material } = await createCertificateAuthority({ validityDays: this.source.validityDays });
      await tx.query(
        'INSERT INTO certificate_authorities (id, cluster_id, certificate_pem, sealed_private_key) VALUES ($1, $2, $3, $4)',
        [CA_ROW_ID, ca.clusterId, material.certificatePem, this.box.seal(material.privateKeyPem, `ca:${CA_ROW_ID}`)],
      );
      return ca;
    });
  }

  private async loadWithTokenKey(settings: Pkcs11KeySettings): Promise<LoadedCertificateAuthority> {
    this.token?.close();
    const token = await Pkcs11Token.open(settings);
    this.token = token;
    try {
      return await this.caForTokenKey(token, settings);
    } catch (e) {
      token.close();
      this.token = undefined;
      throw e;
    }
  }

  private async caForTokenKey(token: Pkcs11Token, settings: Pkcs11KeySettings): Promise<LoadedCertificateAuthority> {
    const missingKey = (why: string) =>
      new Pkcs11Failure(
        `PKCS#11 token "${settings.tokenLabel}" holds no key labelled "${settings.keyLabel}" (CERTPLANE_CA_PKCS11_KEY_LABEL), ${why}`,
      );
    if (this.source.certFile) {
      const key = await token.findKey();
      if (!key) throw missingKey('and CERTPLANE_CA_CERT_FILE is a certificate for it');
      return loadCertificateAuthorityForKey(await readFile(this.source.certFile, 'utf8'), key.signer);
    }
    // One row per key, so pointing certplane at another key never reuses a certificate made for this one.
    const rowId = `pkcs11:${settings.tokenLabel}:${settings.keyLabel}`;
    const [row] = await this.ds.query('SELECT certificate_pem FROM certificate_authorities WHERE id = $1', [rowId]);
    if (row) {
      const key = await token.findKey();
      if (!key) throw missingKey(`which the CA certificate in the database (${rowId}) was made for`);
      return loadCertificateAuthorityForKey(row.certificate_pem, key.signer);
    }
    return inTransaction(this.ds, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CA_CREATE_LOCK_KEY]);
      const rows = await tx.query(
        'SELECT id, cluster_id, certificate_pem FROM certificate_authorities WHERE id IN ($1, $2)',
        [rowId, CA_ROW_ID],
      );
      const mine = rows.find((r: { id: string }) => r.id === rowId);
      const key: CaKeyReferenceWithHandles = (await token.findKey()) ?? (await token.generateKey());
      if (mine) return loadCertificateAuthorityForKey(mine.certificate_pem, key.signer);
      // A deployment moving its CA into an HSM keeps its cluster id, which its clients' certificates carry.
      const clusterId: string | undefined = rows.find((r: { id: string }) => r.id === CA_ROW_ID)?.cluster_id;
      const ca = await createCertificateAuthorityForKey(key, { validityDays: this.source.validityDays, clusterId });
      await tx.query(
        'INSERT INTO certificate_authorities (id, cluster_id, certificate_pem, sealed_private_key) VALUES ($1, $2, $3, NULL)',
        [rowId, ca.clusterId, ca.certificatePem],
      );
      return ca;
    });
  }

  private async readRow(ds: DataSource): Promise<LoadedCertificateAuthority | undefined> {
    const [row] = await ds.query(
      'SELECT certificate_pem, sealed_private_key FROM certificate_authorities WHERE id = $1',
      [CA_ROW_ID],
    );
    return row ? this.open(row) : undefined;
  }

  private open(row: { certificate_pem: string; sealed_private_key: string }): Promise<LoadedCertificateAuthority> {
    return loadCertificateAuthority({
      certificatePem: row.certificate_pem,
      privateKeyPem: this.box.open(row.sealed_private_key, `ca:${CA_ROW_ID}`),
    });
  }
}
