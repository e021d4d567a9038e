/**
 * Codes used by libs/pki:
 * - CA_INVALID: CA material cannot be used (parse failure, key mismatch, not a CA, expired, no cluster OU)
 * - INVALID_CERTIFICATE: not a PEM X.509 certificate, or one whose key is unusable
 * - INVALID_PRIVATE_KEY: not an unencrypted EC P-256 private key in PEM
 * - INVALID_INPUT: a caller-supplied value is out of range or malformed
 * - LINT_FAILED: a freshly issued certificate failed lintClientCertificate and was withheld
 * - ENCRYPTION_KEY_INVALID / DECRYPTION_FAILED: SecretBox
 * - INVALID_ISSUER_CERTIFICATE, ISSUER_CERTIFICATE_KEY_MISMATCH, ISSUER_CERTIFICATE_NOT_CA, INVALID_ISSUER_CHAIN:
 *   an intermediate's certificate from an operator's root (checkIntermediate)
 *
 * Messages never include key material or secret values, so they are safe to log.
 */
export class PkiError extends Error {
  override readonly name = 'PkiError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
