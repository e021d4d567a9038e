import { Issuer, IssuerStatus } from '@certplane/domain';
import { ErrorCode } from '../openapi/error-codes';

export interface IssuerView {
  id: string;
  kind: Issuer['kind'];
  /** expired: past its notAfter, it answers for nothing (and retires at the next pass) */
  status: IssuerStatus | 'expired';
  not_after?: string;
  /** PEM: the issuer's certificate, then the ones above it up to a root */
  chain?: string;
  /** PEM: an intermediate's CSR, for the operator's root to sign */
  csr?: string;
  created_at?: string;
}

export function issuerView(issuer: Issuer, now = new Date()): IssuerView {
  const cert = issuer.certificate;
  const expired = cert !== undefined && new Date(cert.notAfter).getTime() <= now.getTime();
  return {
    id: issuer.id,
    kind: issuer.kind,
    status: expired && issuer.status !== 'retired' ? 'expired' : issuer.status,
    ...(cert ? { not_after: cert.notAfter, chain: cert.certificatePem + cert.chainPem } : {}),
    ...(issuer.csrPem && !cert ? { csr: issuer.csrPem } : {}),
    ...(issuer.createdAt ? { created_at: issuer.createdAt.toISOString() } : {}),
  };
}

export const ISSUER_ID_ERRORS: ErrorCode[] = ['ISSUER_NOT_FOUND'];
