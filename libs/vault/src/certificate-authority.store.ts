import { readFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { createCertificateAuthority, loadCertificateAuthority, LoadedCertificateAuthority, SecretBox } from '@certplane/pki';
import { inTransaction } from '@certplane/persistence';

export interface CertificateAuthoritySource {
  certFile?: string;
  keyFile?: string;
  validityDays: number;
}

const CA_ROW_ID = 'default';
// Serialises first-start creation across processes; "certplca" in ASCII.
const CA_CREATE_LOCK_KEY = '7162254443985347425';

/**
 * The CA certplane signs with: loaded from PEM files when configured, otherwise created on
 * first start and kept in Postgres with its private key sealed, so every process and every
 * restart uses the same CA.
 */
export class CertificateAuthorityStore {
  private loading?: Promise<LoadedCertificateAuthority>;

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

  private async load(): Promise<LoadedCertificateAuthority> {
    if (this.source.certFile && this.source.keyFile) {
      const [certificatePem, privateKeyPem] = await Promise.all([readFile(this.source.certFile, 'utf8'), readFile(this.source.keyFile, 'utf8')]);
      return loadCertificateAuthority({ certificatePem, privateKeyPem });
    }
    const existing = await this.readRow(this.ds);
    if (existing) return existing;
    return inTransaction(this.ds, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CA_CREATE_LOCK_KEY]);
      const [row] = await tx.query('SELECT certificate_pem, sealed_private_key FROM certificate_authorities WHERE id = $1', [CA_ROW_ID]);
      if (row) return this.open(row);
      const { ca, material } = await createCertificateAuthority({ validityDays: this.source.validityDays });
      await tx.query('INSERT INTO certificate_authorities (id, cluster_id, certificate_pem, sealed_private_key) VALUES ($1, $2, $3, $4)', [
        CA_ROW_ID,
        ca.clusterId,
        material.certificatePem,
        this.box.seal(material.privateKeyPem, `ca:${CA_ROW_ID}`),
      ]);
      return ca;
    });
  }

  private async readRow(ds: DataSource): Promise<LoadedCertificateAuthority | undefined> {
    const [row] = await ds.query('SELECT certificate_pem, sealed_private_key FROM certificate_authorities WHERE id = $1', [CA_ROW_ID]);
    return row ? this.open(row) : undefined;
  }

  private open(row: { certificate_pem: string; sealed_private_key: string }): Promise<LoadedCertificateAuthority> {
    return loadCertificateAuthority({ certificatePem: row.certificate_pem, privateKeyPem: this.box.open(row.sealed_private_key, `ca:${CA_ROW_ID}`) });
  }
}
