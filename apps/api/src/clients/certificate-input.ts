import { Injectable } from '@nestjs/common';
import {
  CertificateProfile,
  KeyType,
  KeyTypeNotAllowedError,
  RegisteredCertificate,
  ValidationError,
} from '@certplane/domain';
import {
  certificateToPem,
  clientProfileProblems,
  csrDerToPem,
  decodeEstBase64,
  isSignedByCa,
  parseCertificatePem,
  parseCertificateSigningRequest,
  PkiError,
  summarizeCertificate,
} from '@certplane/pki';
import { CertificateAuthorityStore } from '@certplane/vault';

/** Both PEM inputs are bounded: a CSR or a client certificate fits in far less. */
export const MAX_PEM_CHARS = 8192;

/**
 * Checks the certificate material a request brings before the domain decides on it, and turns
 * PKI failures into the API's stable codes (INVALID_CSR, INVALID_CERTIFICATE, INVALID_BASE64).
 */
@Injectable()
export class CertificateInput {
  constructor(private readonly ca: CertificateAuthorityStore) {}

  /**
   * A CSR whose signature verifies with its own key, of a type the client's profile allows (the
   * default profile's P-256 unless given); returned as given, for the cert-issuer.
   */
  async csr(value: unknown, profile?: { name: string; profile: CertificateProfile }): Promise<string> {
    const { pem, keyType } = await this.parsedCsr(value);
    assertKeyTypeAllowed(keyType, profile);
    return pem;
  }

  /** A CSR whose signature verifies with its own key, whatever its key type: for when the profile is known only later. */
  async parsedCsr(value: unknown): Promise<{ pem: string; keyType: KeyType }> {
    if (typeof value !== 'string' || value.length > MAX_PEM_CHARS)
      throw new ValidationError(
        'INVALID_CSR',
        `csr must be a PEM certificate signing request of at most ${MAX_PEM_CHARS} characters`,
      );
    const { keyType } = await asCode('INVALID_CSR', () => parseCertificateSigningRequest(value));
    return { pem: value, keyType };
  }

  /** An EST `application/pkcs10` body (base64 of the DER) as the PEM `csr` takes; its signature is checked there. */
  async estCsr(body: unknown): Promise<string> {
    const der = await asCode('INVALID_BASE64', async () => decodeEstBase64(typeof body === 'string' ? body : ''));
    return csrDerToPem(der);
  }

  /**
   * A client certificate of this CA that has not expired, registered rather than issued. Only the
   * first certificate of the PEM counts, and it is stored re-encoded, without whatever text surrounds
   * it. Certificates of other CAs are refused: certplane could neither revoke them nor vouch for them.
   * So is anything signed by the CA key that is not of the client profile (clientProfileProblems): the
   * CA's own certificate, whose revocation would revoke the CA, or certplane's HTTPS certificate. The
   * names it states go with it, for the domain to hold them to the client's.
   */
  async registered(value: unknown, now = new Date()): Promise<RegisteredCertificate> {
    if (typeof value !== 'string' || value.length > MAX_PEM_CHARS)
      throw new ValidationError(
        'INVALID_CERTIFICATE',
        `certificate must be a PEM X.509 certificate of at most ${MAX_PEM_CHARS} characters`,
      );
    const cert = await asCode('INVALID_CERTIFICATE', async () => parseCertificatePem(value));
    // Any issuer not yet expired: a certificate of the one before a rotation is still certplane's.
    const issuer = (await this.ca.issuers()).all.find((i) => isSignedByCa(cert, i.ca));
    if (!issuer) throw new ValidationError('INVALID_CERTIFICATE', 'the certificate was not issued by the certplane CA');
    const problems = clientProfileProblems(cert);
    if (problems.length > 0)
      throw new ValidationError('INVALID_CERTIFICATE', `not a client certificate (${problems.join('; ')})`);
    const s = summarizeCertificate(cert);
    if (s.notAfter < now) throw new ValidationError('INVALID_CERTIFICATE', 'the certificate has expired');
    return {
      serialNumber: s.serialNumber,
      certificatePem: certificateToPem(cert),
      notBefore: s.notBefore.toISOString(),
      notAfter: s.notAfter.toISOString(),
      fingerprintSha256: s.fingerprintSha256,
      issuerId: issuer.id,
      names: { commonName: s.commonName, ...s.subjectAltNames },
    };
  }
}

async function asCode<T>(code: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof PkiError) throw new ValidationError(code, e.message);
    throw e;
  }
}

/** A CSR's key type must be one its profile allows (the default profile's P-256 unless given). */
export function assertKeyTypeAllowed(keyType: KeyType, profile?: { name: string; profile: CertificateProfile }): void {
  const allowed = profile?.profile.keyTypes ?? ['ec-p256'];
  if (!allowed.includes(keyType)) throw new KeyTypeNotAllowedError(profile?.name ?? 'default', keyType);
}
