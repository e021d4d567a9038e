import { createHash, KeyObject } from 'node:crypto';
import type { LoadedCertificateAuthority } from './certificate-authority';
import { lintParsedClientCertificate } from './certificate-lint';
import { certificateToPem, parseCertificatePem } from './certificate-pem';
import { type CryptoKey, x509 } from './crypto-provider';
import { assertCommonName, buildName } from './distinguished-name';
import { ECDSA_SHA256, exportPrivateKeyPem, generateKeyPair, isEcP256 } from './key-pair';
import { PkiError } from './pki.errors';
import { generateSerialNumber, serialNumberToHex } from './serial-number';
import { subjectAltNameExtension } from './subject-alt-names';
import { validityWindow, type ValidityWindow } from './validity';
import { FastCertificateTemplate } from './fast-certificate-template';
import { caKeyIdentifier } from './crl-signing';
import { cryptoSigningWith } from './ca-signer';

export interface IssueClientCertificateInput {
  /** e.g. "user-my-client"; any characters, the Name is encoded from structured attributes */
  commonName: string;
  /** IPv4/IPv6 SANs; stored in canonical (RFC 5952) form */
  ips?: string[];
  /** DNS SANs */
  hostnames?: string[];
  /** When absent a new P-256 key pair is generated and its PKCS#8 PEM returned */
  publicKey?: CryptoKey;
  /** From `now`; certplane's domain keeps it from 5 minutes to 825 days. */
  validitySeconds: number;
  now?: Date;
}

export interface IssuedCertificate {
  certificatePem: string;
  /** Lowercase hex as @peculiar/x509's X509Certificate#serialNumber reports it for this certificate */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** PKCS#8 PEM, only when the key was generated here */
  privateKeyPem?: string;
  /** Lowercase hex of SHA-256 over the DER */
  fingerprintSha256: string;
}

const templates = new WeakMap<LoadedCertificateAuthority, Promise<FastCertificateTemplate>>();

/** The CA's fast template, made (and proven against lint) on first use. */
export function certificateTemplateFor(ca: LoadedCertificateAuthority): Promise<FastCertificateTemplate> {
  let template = templates.get(ca);
  if (!template) {
    template = FastCertificateTemplate.forCa(ca);
    templates.set(ca, template);
    template.catch(() => templates.delete(ca));
  }
  return template;
}

/**
 * Issues a clientAuth-only leaf through the CA's FastCertificateTemplate, which encodes exactly what
 * issueClientCertificateWithLibrary would (held to it by a property test) at a few times node's raw
 * signing cost.
 */
export async function issueClientCertificate(
  ca: LoadedCertificateAuthority,
  input: IssueClientCertificateInput,
): Promise<IssuedCertificate> {
  return (await certificateTemplateFor(ca)).issueSigned(input);
}

/**
 * The reference: the same profile built and signed with @peculiar/x509, then re-parsed and linted; the
 * result is withheld (LINT_FAILED) unless it is clean. `serialNumber` is there so a test can give both
 * paths the same one.
 */
export async function issueClientCertificateWithLibrary(
  ca: LoadedCertificateAuthority,
  input: IssueClientCertificateInput,
  serialNumber: Uint8Array = generateSerialNumber(),
): Promise<IssuedCertificate> {
  assertCommonName(input.commonName);
  const now = input.now ?? new Date();
  const validity = validityWindow(now, input.validitySeconds, ca.notAfter);
  const subjectAltName = subjectAltNameExtension(input);
  const keys = input.publicKey ? { publicKey: assertP256PublicKey(input.publicKey) } : await generateKeyPair();
  const built = await signLeafCertificate(ca, {
    serialNumber,
    commonName: input.commonName,
    publicKey: keys.publicKey,
    validity,
    extendedKeyUsage: x509.ExtendedKeyUsage.clientAuth,
    subjectAltName,
  });
  const certificatePem = certificateToPem(built);
  // Lint and report from the PEM as a reader will see it: the encoding truncates times to whole seconds and
  // normalises the serial.
  const issued = parseCertificatePem(certificatePem);
  const problems = lintParsedClientCertificate(issued, ca, now);
  if (problems.length > 0) {
    throw new PkiError('LINT_FAILED', `refusing to hand out a certificate that fails lint: ${problems.join('; ')}`);
  }
  return { ...issuedFields(certificatePem, issued), ...('privateKey' in keys ? { privateKeyPem: exportPrivateKeyPem(keys.privateKey) } : {}) };
}

/** What every issuing path reports of a signed leaf, read from its PEM as a reader will see it. */
export function issuedFields(certificatePem: string, issued: x509.X509Certificate = parseCertificatePem(certificatePem)): Omit<IssuedCertificate, 'privateKeyPem'> {
  return {
    certificatePem,
    serialNumber: issued.serialNumber,
    notBefore: issued.notBefore,
    notAfter: issued.notAfter,
    fingerprintSha256: createHash('sha256').update(Buffer.from(issued.rawData)).digest('hex'),
  };
}

/** What client and server leaves share: the CA's subject as issuer, a fresh serial, ECDSA-SHA256, and no CA powers. */
export async function signLeafCertificate(
  ca: LoadedCertificateAuthority,
  leaf: {
    /** A fresh random one unless given (a test gives both issuing paths the same). */
    serialNumber?: Uint8Array;
    commonName: string;
    publicKey: CryptoKey;
    validity: ValidityWindow;
    extendedKeyUsage: string;
    subjectAltName?: x509.SubjectAlternativeNameExtension;
  },
): Promise<x509.X509Certificate> {
  // The generator hands signingKey only to the provider's sign, which is the CA signer's.
  return x509.X509CertificateGenerator.create(
    {
    serialNumber: serialNumberToHex(leaf.serialNumber ?? generateSerialNumber()),
    subject: buildName([
      ['OU', ca.clusterId],
      ['CN', leaf.commonName],
    ]),
    issuer: ca.certificate.subjectName,
    ...leaf.validity,
    publicKey: leaf.publicKey,
    signingKey: ca.publicKey,
    signingAlgorithm: ECDSA_SHA256,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([leaf.extendedKeyUsage]),
      await x509.SubjectKeyIdentifierExtension.create(leaf.publicKey),
      new x509.AuthorityKeyIdentifierExtension(caKeyIdentifier(ca).toString('hex')),
      ...(leaf.subjectAltName ? [leaf.subjectAltName] : []),
    ],
    },
    cryptoSigningWith(ca.signer),
  );
}

function assertP256PublicKey(publicKey: CryptoKey): CryptoKey {
  if (publicKey?.type !== 'public' || !isEcP256(KeyObject.from(publicKey))) {
    throw new PkiError('INVALID_INPUT', 'publicKey must be an EC P-256 public key');
  }
  return publicKey;
}
