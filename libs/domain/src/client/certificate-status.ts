export type CertificateStatus = 'valid' | 'revoked' | 'expired';

/**
 * How a certificate stands at a moment. Revocation wins over expiry: it is the stronger fact, and
 * the one an operator asks about. The inventory's SQL filters mirror this rule.
 */
export function certificateStatus(cert: { notAfter: string; revocation?: unknown }, at: Date): CertificateStatus {
  if (cert.revocation) return 'revoked';
  return new Date(cert.notAfter).getTime() < at.getTime() ? 'expired' : 'valid';
}
