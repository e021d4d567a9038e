import type { LoadedCertificateAuthority } from './certificate-authority';
import { certificateToPem } from './certificate-pem';
import { x509 } from './crypto-provider';
import { assertCommonName } from './distinguished-name';
import { issuedFields, signLeafCertificate } from './issue-client-certificate';
import { exportPrivateKeyPem, generateKeyPair } from './key-pair';
import { PkiError } from './pki.errors';
import { subjectAltNameExtension } from './subject-alt-names';
import { DAY_SECONDS, validityWindow } from './validity';

export interface IssueServerCertificateInput {
  commonName: string;
  hostnames: string[];
  ips: string[];
  validityDays: number;
  now?: Date;
}

export interface IssuedServerCertificate {
  certificatePem: string;
  /** PKCS#8 PEM of the key generated for it; it never leaves the process that asked. */
  privateKeyPem: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  fingerprintSha256: string;
}

/**
 * A serverAuth-only leaf for certplane's own HTTPS listener, so clients that trust the CA chain (cluster.crt)
 * trust the server too. TLS clients match the host against the SAN only, so at least one name is required.
 */
export async function issueServerCertificate(
  ca: LoadedCertificateAuthority,
  input: IssueServerCertificateInput,
): Promise<IssuedServerCertificate> {
  assertCommonName(input.commonName);
  const subjectAltName = subjectAltNameExtension({ hostnames: input.hostnames, ips: input.ips });
  if (!subjectAltName)
    throw new PkiError('INVALID_INPUT', 'a server certificate needs at least one hostname or IP address');
  const validity = validityWindow(input.now ?? new Date(), input.validityDays * DAY_SECONDS, ca.notAfter);
  const keys = await generateKeyPair();
  const built = await signLeafCertificate(ca, {
    commonName: input.commonName,
    publicKey: keys.publicKey,
    validity,
    extendedKeyUsages: [x509.ExtendedKeyUsage.serverAuth],
    subjectAltName,
  });
  return { ...issuedFields(certificateToPem(built)), privateKeyPem: exportPrivateKeyPem(keys.privateKey) };
}
