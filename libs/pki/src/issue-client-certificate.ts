import { createHash, type KeyObject } from 'node:crypto';
import type { ExtraRdnType } from '@certplane/domain';
import { distributionExtensions, type LoadedCertificateAuthority } from './certificate-authority';
import { lintParsedClientCertificate } from './certificate-lint';
import { certificateToPem, parseCertificatePem } from './certificate-pem';
import { type CryptoKey, x509 } from './crypto-provider';
import { assertCommonName, buildName } from './distinguished-name';
import { ECDSA_SHA256 } from './key-pair';
import { EXTENDED_KEY_USAGE_OIDS, type TemplateProfile, templateKey, templateProfileOf } from './profile-encoding';
import { generateSubjectKey, subjectPublicKey } from './subject-public-key';
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
  /** URI SANs, absolute (SPIFFE IDs among them) */
  uris?: string[];
  /** rfc822Name SANs */
  emails?: string[];
  /** When absent a new key pair of the profile's first key type is generated and its PKCS#8 PEM returned */
  publicKey?: CryptoKey | KeyObject;
  /** The default profile (P-256, clientAuth, no extra RDNs) unless given */
  profile?: TemplateProfile;
  /** The profile's name, so its template follows its changes (certificateTemplateFor) */
  profileName?: string;
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

/** A template slot: the template of what it encoded when made, replaced when that changes. */
export interface TemplateSlot {
  key: string;
  template: Promise<FastCertificateTemplate>;
}

const templates = new WeakMap<LoadedCertificateAuthority, Map<string, TemplateSlot>>();

/**
 * The fast template of a (CA, profile), made (and proven against lint) on first use. A named profile
 * holds one slot, which follows the profile: when a change of it alters what the template encodes (key
 * types, usages, RDNs), the next issuance under it makes the new template, which replaces the old one. A
 * change of what the caller applies (validity, SAN rules, CN) needs no new template. Unnamed, the
 * template is keyed by what it encodes.
 */
export function certificateTemplateFor(
  ca: LoadedCertificateAuthority,
  profile?: TemplateProfile,
  profileName?: string,
): Promise<FastCertificateTemplate> {
  let ofCa = templates.get(ca);
  if (!ofCa) templates.set(ca, (ofCa = new Map()));
  return templateInSlot(ofCa, profile, profileName, (p) => FastCertificateTemplate.forCa(ca, p));
}

/** The slot's template when it encodes `profile`, else a new one made by `make`, which takes the slot. */
export function templateInSlot<T>(
  slots: Map<string, { key: string; template: T }>,
  profile: TemplateProfile | undefined,
  profileName: string | undefined,
  make: (profile: TemplateProfile) => T,
): T {
  const encoded = templateProfileOf(profile);
  const key = templateKey(encoded);
  const name = profileName === undefined ? key : `profile:${profileName}`;
  const slot = slots.get(name);
  if (slot?.key === key) return slot.template;
  const made = { key, template: make(encoded) };
  slots.set(name, made);
  if (made.template instanceof Promise)
    made.template.catch(() => {
      if (slots.get(name) === made) slots.delete(name);
    });
  return made.template;
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
  return (await certificateTemplateFor(ca, input.profile, input.profileName)).issueSigned(input);
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
  const profile = templateProfileOf(input.profile);
  const generated = input.publicKey ? undefined : generateSubjectKey(profile.keyTypes[0]);
  const publicKey = generated ?? subjectPublicKey(input.publicKey!);
  if (!profile.keyTypes.includes(publicKey.keyType))
    throw new PkiError('KEY_TYPE_NOT_ALLOWED', `the profile does not allow ${publicKey.keyType} keys`);
  const built = await signLeafCertificate(ca, {
    serialNumber,
    commonName: input.commonName,
    extraRdns: profile.subject.extra,
    publicKey: new x509.PublicKey(publicKey.spki),
    validity,
    extendedKeyUsages: profile.extendedKeyUsages.map((u) => EXTENDED_KEY_USAGE_OIDS[u]),
    subjectAltName,
  });
  const certificatePem = certificateToPem(built);
  // Lint and report from the PEM as a reader will see it: the encoding truncates times to whole seconds and
  // normalises the serial.
  const issued = parseCertificatePem(certificatePem);
  const problems = lintParsedClientCertificate(issued, ca, now, profile);
  if (problems.length > 0) {
    throw new PkiError('LINT_FAILED', `refusing to hand out a certificate that fails lint: ${problems.join('; ')}`);
  }
  return { ...issuedFields(certificatePem, issued), ...(generated ? { privateKeyPem: generated.privateKeyPem } : {}) };
}

/** What every issuing path reports of a signed leaf, read from its PEM as a reader will see it. */
export function issuedFields(
  certificatePem: string,
  issued: x509.X509Certificate = parseCertificatePem(certificatePem),
): Omit<IssuedCertificate, 'privateKeyPem'> {
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
    /** RDNs before the cluster OU, most general first */
    extraRdns?: ReadonlyArray<{ type: ExtraRdnType; value: string }>;
    publicKey: CryptoKey | x509.PublicKey;
    validity: ValidityWindow;
    extendedKeyUsages: string[];
    subjectAltName?: x509.SubjectAlternativeNameExtension;
  },
): Promise<x509.X509Certificate> {
  // The generator hands signingKey only to the provider's sign, which is the CA signer's.
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumberToHex(leaf.serialNumber ?? generateSerialNumber()),
      subject: buildName([
        ...(leaf.extraRdns ?? []).map(({ type, value }) => [type, value] as const),
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
        new x509.ExtendedKeyUsageExtension(leaf.extendedKeyUsages),
        await x509.SubjectKeyIdentifierExtension.create(leaf.publicKey),
        new x509.AuthorityKeyIdentifierExtension(caKeyIdentifier(ca).toString('hex')),
        ...(leaf.subjectAltName ? [leaf.subjectAltName] : []),
        ...distributionExtensions(ca.distribution),
      ],
    },
    cryptoSigningWith(ca.signer),
  );
}
