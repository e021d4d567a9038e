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
  certificateToPem,
  parseCertificatePem,
  PkiError,
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

/** The CA a deployment starts with, and where its key is, for recording it as the first issuer. */
export interface FirstCa {
  ca: LoadedCertificateAuthority;
  /** What CaKeyVault opens the key by */
  keyRef: string;
  /** The certificates after the CA's in CERTPLANE_CA_CERT_FILE */
  chainPem: string;
}

export const CA_ROW_ID = 'default';
export const FILE_KEY_REF = 'file';
// Serialises first-start creation across processes; "certplca" in ASCII.
export const CA_CREATE_LOCK_KEY = '7162254443985347425';
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export const pkcs11KeyRef = (tokenLabel: string, keyLabel: string): string => `pkcs11:${tokenLabel}:${keyLabel}`;

/**
 * The CA a deployment had before issuers, or makes on its first start: loaded from PEM files when
 * configured; with its key in an HSM when a PKCS#11 module is; otherwise created and kept in Postgres with
 * its private key sealed. CertificateAuthorityStore records it as the first issuer, without a new key.
 */
export class FirstCertificateAuthority {
  private token?: Pkcs11Token;

  constructor(
    private readonly ds: DataSource,
    private readonly box: SecretBox,
    private readonly source: CertificateAuthoritySource,
  ) {}

  async load(): Promise<FirstCa> {
    try {
      return await this.loadCa();
    } finally {
      // The issuers open their keys again by keyRef; this token was only for finding or making the first one.
      this.token?.close();
      this.token = undefined;
    }
  }

  private async loadCa(): Promise<FirstCa> {
    if (this.source.pkcs11) return this.loadWithTokenKey(this.source.pkcs11);
    if (this.source.certFile && this.source.keyFile) {
      const [certificatePem, privateKeyPem] = await Promise.all([
        readFile(this.source.certFile, 'utf8'),
        readFile(this.source.keyFile, 'utf8'),
      ]);
      const ca = await loadCertificateAuthority({ certificatePem, privateKeyPem });
      return { ca, keyRef: FILE_KEY_REF, chainPem: chainAfterCa(certificatePem) };
    }
    const existing = await this.readRow(this.ds);
    if (existing) return { ca: existing, keyRef: CA_ROW_ID, chainPem: '' };
    const ca = await inTransaction(this.ds, async (tx) => {
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
    return { ca, keyRef: CA_ROW_ID, chainPem: '' };
  }

  private async loadWithTokenKey(settings: Pkcs11KeySettings): Promise<FirstCa> {
    const token = await Pkcs11Token.open(settings);
    this.token = token;
    const keyRef = pkcs11KeyRef(settings.tokenLabel, settings.keyLabel);
    if (this.source.certFile) {
      const key = await token.findKey();
      if (!key) throw missingTokenKey(settings, 'and CERTPLANE_CA_CERT_FILE is a certificate for it');
      const certificatePem = await readFile(this.source.certFile, 'utf8');
      const ca = await loadCertificateAuthorityForKey(certificatePem, key.signer);
      return { ca, keyRef, chainPem: chainAfterCa(certificatePem) };
    }
    // One row per key, so pointing certplane at another key never reuses a certificate made for this one.
    const rowId = keyRef;
    const [row] = await this.ds.query('SELECT certificate_pem FROM certificate_authorities WHERE id = $1', [rowId]);
    if (row) {
      const key = await token.findKey();
      if (!key) throw missingTokenKey(settings, `which the CA certificate in the database (${rowId}) was made for`);
      return { ca: await loadCertificateAuthorityForKey(row.certificate_pem, key.signer), keyRef, chainPem: '' };
    }
    const ca = await inTransaction(this.ds, async (tx) => {
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
    return { ca, keyRef, chainPem: '' };
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

export function missingTokenKey(settings: Pkcs11KeySettings, why: string): Pkcs11Failure {
  return new Pkcs11Failure(
    `PKCS#11 token "${settings.tokenLabel}" holds no key labelled "${settings.keyLabel}" (CERTPLANE_CA_PKCS11_KEY_LABEL), ${why}`,
  );
}

/**
 * The certificates after the CA's in a CA certificate file: an operator's CA may be an intermediate, its
 * file the chain up to the root.
 */
export function chainAfterCa(filePem: string): string {
  const [, ...issuers] = filePem.match(PEM_CERTIFICATE) ?? [];
  return issuers
    .map((pem, i) => {
      try {
        return certificateToPem(parseCertificatePem(pem));
      } catch {
        throw new PkiError(
          'CA_INVALID',
          `certificate ${i + 2} of the CA certificate file is not a valid X.509 certificate`,
        );
      }
    })
    .join('');
}
