import { createHash, X509Certificate } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Principal } from './principal';
import { CertificateRejectedError } from './certificate-rejected.error';

/** What the TLS layer learnt about the certificate a client presented. */
export interface PresentedCertificate {
  certificate: X509Certificate;
  /** Whether node's TLS stack verified it against certplane's CA chain (socket.authorized). */
  chainVerified: boolean;
  /** socket.authorizationError when not verified, e.g. CERT_HAS_EXPIRED. */
  chainError?: string;
}

interface CertificateRow {
  fingerprint_sha256: string;
  status: 'valid' | 'revoked';
  revocation_reason: string | null;
  revoked_by: string | null;
  not_before: Date;
  not_after: Date;
  client_id: string;
  client_name: string | null;
  client_status: 'enabled' | 'disabled' | 'removed' | null;
}

const MISSING_ISSUER = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

// OpenSSL's verify errors, said in words a client operator can act on.
const CHAIN_ERRORS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "it is not signed by certplane's CA",
  UNABLE_TO_GET_ISSUER_CERT: "it is not signed by certplane's CA",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "it is not signed by certplane's CA",
  DEPTH_ZERO_SELF_SIGNED_CERT: "it is self-signed, not signed by certplane's CA",
  SELF_SIGNED_CERT_IN_CHAIN: "it is not signed by certplane's CA",
  CERT_SIGNATURE_FAILURE: 'its signature does not verify',
  INVALID_PURPOSE: 'it is not a client certificate (extended key usage)',
};

/**
 * Decides whether a client certificate that passed (or failed) the TLS chain check identifies a client now.
 * The chain check proves only that certplane's CA signed it; the certificates read model decides whether
 * certplane issued or registered it and whether it is still good. That read happens on every request, not
 * once per connection or through a cache: it is one primary-key lookup, and it makes a revocation hold as
 * soon as the projector has recorded it, even for a connection kept alive across it.
 */
export class ClientCertificateAuthenticator {
  constructor(
    private readonly ds: DataSource,
    /** The CAs certplane signs with: every issuer not yet expired. */
    private readonly signingCas: () => Promise<X509Certificate[]>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async authenticate(presented: PresentedCertificate): Promise<Principal> {
    const { certificate } = presented;
    if (!presented.chainVerified && !(await this.signedUnderPartialChain(presented))) {
      throw new CertificateRejectedError(
        CHAIN_ERRORS[presented.chainError ?? ''] ??
          `it does not verify against certplane's CA chain (${presented.chainError ?? 'unknown reason'})`,
      );
    }
    const serialNumber = serialOf(certificate);
    const [row] = (await this.ds.query(
      `SELECT c.fingerprint_sha256, c.status, c.revocation_reason, c.revoked_by, c.not_before, c.not_after, c.client_id,
              cl.name AS client_name, cl.status AS client_status
         FROM rm_certificates c LEFT JOIN rm_clients cl ON cl.client_id = c.client_id
        WHERE c.serial_number = $1`,
      [serialNumber],
    )) as CertificateRow[];
    // The fingerprint, not only the serial: a CA shared with other issuers (an operator's intermediate) could sign another certificate with the same serial.
    if (!row || row.fingerprint_sha256 !== createHash('sha256').update(certificate.raw).digest('hex'))
      throw new CertificateRejectedError('certplane did not issue it');
    if (row.status === 'revoked') {
      const superseded = row.revocation_reason === 'superseded' ? { clientId: row.client_id, serialNumber } : undefined;
      throw new CertificateRejectedError(
        `it has been revoked (${row.revocation_reason ?? 'unspecified'})`,
        row.revoked_by ?? undefined,
        superseded,
      );
    }
    // Again here, because a resumed TLS session carries the verification result of its first handshake.
    const now = this.now();
    if (now > new Date(row.not_after)) throw new CertificateRejectedError('it has expired');
    if (now < new Date(row.not_before)) throw new CertificateRejectedError('it is not valid yet');
    // Leave and disable refuse at once: the client's status is projected before the cert-issuer revokes.
    if (row.client_status !== 'enabled')
      throw new CertificateRejectedError(`its client is ${row.client_status ?? 'removed'}`);
    // By client id: a CN names whoever holds the name now, and names change hands.
    return {
      method: 'certificate',
      actor: `certificate:${row.client_id}`,
      roles: ['client'],
      clientId: row.client_id,
      clientName: row.client_name ?? undefined,
      serialNumber,
    };
  }

  /**
   * OpenSSL wants a path up to a self-signed root, so it refuses the leaves of an operator's intermediate CA
   * configured without its root (CERTPLANE_CA_CERT_FILE), and node 20's server side has no partial-chain flag.
   * certplane issues leaves directly under its CA, so checking that one signature, and the purpose OpenSSL
   * would have checked, is the same path validation with the CA as trust anchor. Validity is checked after.
   */
  private async signedUnderPartialChain({ certificate, chainError }: PresentedCertificate): Promise<boolean> {
    if (!MISSING_ISSUER.has(chainError ?? '')) return false;
    const issuer = (await this.signingCas()).find((ca) => certificate.checkIssued(ca));
    return (
      issuer !== undefined &&
      certificate.verify(issuer.publicKey) &&
      (certificate.keyUsage === undefined || certificate.keyUsage.includes(CLIENT_AUTH))
    );
  }
}

/** The read model's spelling: lowercase hex without leading zero octets (node reports uppercase, possibly padded). */
export function serialOf(certificate: X509Certificate): string {
  const hex = certificate.serialNumber.toLowerCase();
  return (hex.length % 2 ? `0${hex}` : hex).replace(/^(00)+(?=..)/, '');
}
