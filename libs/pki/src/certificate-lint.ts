import { KeyObject, X509Certificate as NodeX509Certificate } from 'node:crypto';
import type { LoadedCertificateAuthority } from './certificate-authority';
import { parseCertificatePem } from './certificate-pem';
import { x509 } from './crypto-provider';
import { IpAddress, isAbsoluteUri, isEmailAddress } from '@certplane/domain';
import { certificatePublicKeyObject } from './key-pair';
import { EXTENDED_KEY_USAGE_OIDS, type TemplateProfile, templateProfileOf } from './profile-encoding';
import { readSerialNumber } from './serial-number';
import { isValidHostname, MAX_SANS, readAllSubjectAltNames } from './subject-alt-names';
import { keyTypeOf } from './subject-public-key';

const MIN_SERIAL_BYTES = 8; // 64 bits
const MAX_SERIAL_BYTES = 20; // RFC 5280 4.1.2.2
const UNPARSABLE = 'certificate: cannot be parsed';

interface LintContext {
  cert: x509.X509Certificate;
  nodeCert: NodeX509Certificate;
  ca: LoadedCertificateAuthority;
  now: Date;
  profile: TemplateProfile;
}

/** Each check names the field it looks at and returns its problems (empty when fine). */
const CHECKS: ReadonlyArray<readonly [field: string, check: (c: LintContext) => string[]]> = [
  [
    'signature',
    ({ nodeCert, ca }) =>
      nodeCert.verify(KeyObject.from(ca.publicKey)) ? [] : ['does not verify with the CA public key'],
  ],
  [
    'signatureAlgorithm',
    ({ cert }) => {
      const algorithm = cert.signatureAlgorithm as { name?: string; hash?: { name?: string } };
      return algorithm.name === 'ECDSA' && algorithm.hash?.name === 'SHA-256' ? [] : ['must be ECDSA with SHA-256'];
    },
  ],
  // Byte comparison, which is how path validation matches names in practice.
  [
    'issuer',
    ({ cert, ca }) =>
      Buffer.from(cert.issuerName.toArrayBuffer()).equals(Buffer.from(ca.certificate.subjectName.toArrayBuffer()))
        ? []
        : ['does not match the CA subject'],
  ],
  [
    'validity',
    ({ cert, ca, now }) => [
      ...(now < cert.notBefore ? ['not yet valid'] : []),
      ...(now > cert.notAfter ? ['expired'] : []),
      ...(cert.notAfter > ca.notAfter ? ['notAfter is later than the CA notAfter'] : []),
    ],
  ],
  [
    'extendedKeyUsage',
    ({ cert, profile }) => {
      const usages = (cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? []).map(String);
      const expected = profile.extendedKeyUsages.map((u) => EXTENDED_KEY_USAGE_OIDS[u]);
      return usages.length === expected.length && expected.every((u, i) => usages[i] === u)
        ? []
        : [`must be exactly ${profile.extendedKeyUsages.join(', ')}`];
    },
  ],
  [
    'keyUsage',
    ({ cert }) => {
      const usages = cert.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
      return [
        ...(usages & x509.KeyUsageFlags.digitalSignature ? [] : ['digitalSignature is missing']),
        ...(usages & (x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign)
          ? ['must not allow certificate or CRL signing']
          : []),
      ];
    },
  ],
  [
    'basicConstraints',
    ({ cert }) => (cert.getExtension(x509.BasicConstraintsExtension)?.ca ? ['must not be a CA'] : []),
  ],
  ['serialNumber', ({ cert }) => serialNumberProblems(readSerialNumber(new Uint8Array(cert.rawData)))],
  [
    'subject',
    ({ cert }) => (cert.subjectName.getField('CN').some((cn) => cn.length > 0) ? [] : ['commonName is missing']),
  ],
  [
    'subjectAltName',
    ({ cert }) => {
      const count = cert
        .getExtensions(x509.SubjectAlternativeNameExtension)
        .reduce((total, ext) => total + ext.names.items.length, 0);
      return count > MAX_SANS ? [`more than ${MAX_SANS} names`] : [];
    },
  ],
  ['subjectAltName', ({ cert }) => subjectAltNameSyntaxProblems(cert)],
  [
    'publicKey',
    ({ cert, profile }) => {
      const keyType = keyTypeOf(certificatePublicKeyObject(cert));
      return keyType && profile.keyTypes.includes(keyType) ? [] : [`must be one of ${profile.keyTypes.join(', ')}`];
    },
  ],
];

/**
 * Boulder-style checks of a client certificate against the CA that should have issued it. Returns the
 * problems found as "<field>: <problem>"; an empty list means the certificate may be handed out.
 * Synchronous on purpose: node's X509Certificate verifies signatures without WebCrypto's promises.
 */
export function lintClientCertificate(
  certificatePem: string,
  ca: LoadedCertificateAuthority,
  now: Date = new Date(),
  profile?: TemplateProfile,
): string[] {
  let cert: x509.X509Certificate;
  try {
    cert = parseCertificatePem(certificatePem);
  } catch {
    return [UNPARSABLE];
  }
  return lintParsedClientCertificate(cert, ca, now, profile);
}

/** lintClientCertificate for a certificate already parsed (parsing with @peculiar/x509 costs milliseconds). */
export function lintParsedClientCertificate(
  cert: x509.X509Certificate,
  ca: LoadedCertificateAuthority,
  now: Date = new Date(),
  profile?: TemplateProfile,
): string[] {
  let context: LintContext;
  try {
    context = {
      cert,
      nodeCert: new NodeX509Certificate(Buffer.from(cert.rawData)),
      ca,
      now,
      profile: templateProfileOf(profile),
    };
  } catch {
    return [UNPARSABLE];
  }
  return CHECKS.flatMap(([field, check]) => {
    try {
      return check(context).map((problem) => `${field}: ${problem}`);
    } catch {
      // A field the parsers cannot make sense of is a problem in itself, not a reason to skip the other checks.
      return [`${field}: cannot be read`];
    }
  });
}

/**
 * What a certificate handed in from outside (registration) must be to count as a client's: for
 * clientAuth, alone or among other purposes (so not a serverAuth-only leaf, certplane's own HTTPS
 * certificate first of all), not a CA, and not a signer of certificates or CRLs; and naming its holder
 * the way a client is named: one CN, SANs that are DNS names or IP addresses only (a URI or email SAN
 * is an identity certplane would vouch for without knowing it). Looser than the lint, which holds
 * certplane's own issuance to its exact profile. Problems as "<field>: <problem>".
 */
export function clientProfileProblems(cert: x509.X509Certificate): string[] {
  const usages = cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [];
  const keyUsages = cert.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
  return [
    ...(usages.includes(x509.ExtendedKeyUsage.clientAuth) ? [] : ['extendedKeyUsage: must include clientAuth']),
    ...(cert.getExtension(x509.BasicConstraintsExtension)?.ca ? ['basicConstraints: must not be a CA'] : []),
    ...(keyUsages & (x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign)
      ? ['keyUsage: must not allow certificate or CRL signing']
      : []),
    ...(cert.subjectName.getField('CN').length === 1 ? [] : ['subject: must have exactly one commonName']),
    ...(sanTypes(cert).every((type) => type === 'dns' || type === 'ip')
      ? []
      : ['subjectAltName: only DNS names and IP addresses']),
  ];
}

function sanTypes(cert: x509.X509Certificate): string[] {
  return cert
    .getExtensions(x509.SubjectAlternativeNameExtension)
    .flatMap((ext) => ext.names.items.map((name) => name.type));
}

/**
 * Every name well formed for its kind: DNS names without wildcards (a wildcard means nothing for a
 * client, and a profile's patterns never put one in a certificate), IPs of 4 or 16 octets (so no
 * wildcard or range can hide in one), URIs absolute, e-mail addresses local@domain; no other kinds.
 */
function subjectAltNameSyntaxProblems(cert: x509.X509Certificate): string[] {
  const names = readAllSubjectAltNames(cert);
  return [
    ...(names.hostnames.every(isValidHostname) ? [] : ['a DNS name is not a valid hostname (wildcards included)']),
    ...(names.ips.every((ip) => IpAddress.tryParse(ip) !== undefined) ? [] : ['an IP address is not 4 or 16 octets']),
    ...(names.uris.every(isAbsoluteUri) ? [] : ['a URI is not absolute']),
    ...(names.emails.every(isEmailAddress) ? [] : ['an e-mail address is not local@domain']),
    ...(names.other.length === 0 ? [] : [`kinds certplane does not issue: ${[...new Set(names.other)].join(', ')}`]),
  ];
}

/** `serial` is the two's complement content of the DER INTEGER. */
function serialNumberProblems(serial: Uint8Array): string[] {
  if (serial[0] & 0x80) return ['must be positive'];
  const firstNonZero = serial.findIndex((byte) => byte !== 0);
  if (firstNonZero === -1) return ['must not be zero'];
  if (serial.length - firstNonZero < MIN_SERIAL_BYTES) return ['must have at least 64 bits'];
  if (serial.length > MAX_SERIAL_BYTES) return [`must not exceed ${MAX_SERIAL_BYTES} octets`];
  return [];
}
