import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { parseCertificatePem, summarizeCertificate } from '@certplane/pki';
import { CertificateNotFoundError } from '@certplane/domain';
import { GetCertificateQuery } from './get-certificate.query';
import type { CertificateDocument } from '@certplane/api-contract';

export type { CertificateDocument } from '@certplane/api-contract';

interface Row {
  client_id: string;
  client_name: string | null;
  certificate_pem: string;
  status: 'valid' | 'revoked';
  revocation_reason: string | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

/** Decoded from the PEM the read model keeps, so the fields are the certificate's own, not a copy of them. */
@QueryHandler(GetCertificateQuery)
export class GetCertificateHandler implements IQueryHandler<GetCertificateQuery, CertificateDocument> {
  constructor(private readonly ds: DataSource) {}

  async execute({ serialNumber }: GetCertificateQuery): Promise<CertificateDocument> {
    const [row]: Row[] = await this.ds.query(
      `SELECT rc.client_id, c.name AS client_name, rc.certificate_pem, rc.status, rc.revocation_reason, rc.revoked_at, rc.revoked_by
         FROM rm_certificates rc LEFT JOIN rm_clients c ON c.client_id = rc.client_id WHERE rc.serial_number = $1`,
      [serialNumber],
    );
    if (!row) throw new CertificateNotFoundError(serialNumber);
    const cert = parseCertificatePem(row.certificate_pem);
    const summary = summarizeCertificate(cert);
    const revoked = row.status === 'revoked';
    return {
      serial_number: summary.serialNumber,
      client_id: row.client_id,
      client_name: row.client_name,
      subject: cert.subject,
      issuer: cert.issuer,
      subject_alt_names: summary.subjectAltNames,
      fingerprint_sha256: summary.fingerprintSha256,
      not_before: summary.notBefore.toISOString(),
      not_after: summary.notAfter.toISOString(),
      status: revoked ? 'revoked' : summary.notAfter.getTime() < Date.now() ? 'expired' : 'valid',
      revocation_reason: row.revocation_reason,
      revoked_at: row.revoked_at ? row.revoked_at.toISOString() : null,
      revoked_by: row.revoked_by,
      pem: row.certificate_pem,
    };
  }
}
