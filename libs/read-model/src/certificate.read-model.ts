import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'rm_certificates' })
export class CertificateReadModel {
  /** Hex, exactly as @peculiar/x509 reports it (it normalises leading bytes). */
  @PrimaryColumn({ name: 'serial_number', type: 'text' }) serialNumber: string;
  @Column({ name: 'client_id', type: 'text' }) clientId: string;
  @Column({ name: 'certificate_pem', type: 'text' }) certificatePem: string;
  @Column({ name: 'fingerprint_sha256', type: 'text' }) fingerprintSha256: string;
  @Column({ name: 'not_before', type: 'timestamptz' }) notBefore: Date;
  @Column({ name: 'not_after', type: 'timestamptz' }) notAfter: Date;
  @Column({ type: 'text' }) status: 'valid' | 'revoked';
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ name: 'revocation_reason', type: 'text', nullable: true }) revocationReason: string | null;
  /** The actor of the revocation (event metadata): token:<name>, oidc:<sub>, certificate:<client id>, service:cert-issuer. */
  @Column({ name: 'revoked_by', type: 'text', nullable: true }) revokedBy: string | null;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt: Date;
  @Column({ name: 'key_origin', type: 'text', nullable: true }) keyOrigin: 'server' | 'csr' | 'registered' | null;
  @Column({ name: 'common_name', type: 'text', nullable: true }) commonName: string | null;
  @Column({ name: 'subject_alt_names', type: 'json', nullable: true }) subjectAltNames: { ips: string[]; hostnames: string[] } | null;
}
