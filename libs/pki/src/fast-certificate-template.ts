import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { type CaSigner, LocalKeySigner } from './ca-signer';
import { type CaDistribution, distributionExtensions, type LoadedCertificateAuthority } from './certificate-authority';
import { lintClientCertificate } from './certificate-lint';
import { derToPem, parseCertificatePem } from './certificate-pem';
import type { CryptoKey, x509 } from './crypto-provider';
import { caKeyIdentifier, ECDSA_WITH_SHA256_OID } from './crl-signing';
import {
  derBitString,
  derBoolean,
  derExplicit,
  derImplicitPrimitive,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derTime,
  derUnsignedInteger,
  derUtf8String,
} from './der-writer';
import { assertCommonName } from './distinguished-name';
import {
  extendedKeyUsageExtension,
  leadingRdns,
  RDN_OIDS,
  type TemplateProfile,
  templateProfileOf,
} from './profile-encoding';
import { generateSubjectKey, type SubjectPublicKey, subjectPublicKey } from './subject-public-key';
import type { IssueClientCertificateInput, IssuedCertificate } from './issue-client-certificate';
import { PkiError } from './pki.errors';
import { generateSerialNumber, serialNumberToHex } from './serial-number';
import { ipAddressOctets, sanCount, type SubjectAltNames, validateSubjectAltNames } from './subject-alt-names';
import { DAY_SECONDS, validityWindow } from './validity';

/** What a template needs of its CA; plain data and a KeyObject, so it can be handed to a worker thread. */
export interface CaSigningMaterial {
  certificatePem: string;
  /** The CA's P-256 private key */
  signingKey: KeyObject;
  distribution?: CaDistribution;
}

/** Everything that varies from one client certificate to the next. */
export interface ClientCertificateFields {
  /** Content octets of a positive INTEGER, as generateSerialNumber makes them */
  serialNumber: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  commonName: string;
  /** Validated and canonical (validateSubjectAltNames) */
  subjectAltNames: SubjectAltNames;
  /** Of a type the template's profile allows */
  publicKey: SubjectPublicKey;
}

/** What a worker thread is handed: a node key, which (unlike a WebCrypto one) crosses the thread boundary. */
export interface FastIssueInput extends Omit<IssueClientCertificateInput, 'publicKey'> {
  publicKey?: CryptoKey | KeyObject;
}

const OID = {
  commonName: derOid(RDN_OIDS.CN),
  basicConstraints: derOid('2.5.29.19'),
  keyUsage: derOid('2.5.29.15'),
  subjectKeyIdentifier: derOid('2.5.29.14'),
  authorityKeyIdentifier: derOid('2.5.29.35'),
  subjectAltName: derOid('2.5.29.17'),
};
const VERSION_3 = derExplicit(0, derUnsignedInteger(Buffer.of(2)));
const ECDSA_WITH_SHA256 = derSequence(derOid(ECDSA_WITH_SHA256_OID));
const CRITICAL = derBoolean(true);
// The client profile, in the order (and with the encodings) of the @peculiar/x509 path it replaces.
const BASIC_CONSTRAINTS_END_ENTITY = derSequence(OID.basicConstraints, CRITICAL, derOctetString(derSequence()));
const KEY_USAGE_DIGITAL_SIGNATURE = derSequence(
  OID.keyUsage,
  CRITICAL,
  derOctetString(derBitString(Buffer.of(0x80), 7)),
);
const GENERAL_NAME_EMAIL = 1;
const GENERAL_NAME_DNS = 2;
const GENERAL_NAME_URI = 6;
const GENERAL_NAME_IP = 7;

/**
 * Issues one certificate profile of one CA without an ASN.1 library: everything that is the same for
 * every certificate of the (CA, profile) (issuer Name copied from the CA certificate's own bytes, algorithm
 * identifiers, the fixed extensions and usages, the subject's leading RDNs, the authority key identifier)
 * is encoded once here; per certificate only the serial, validity, CN, SANs, key and its identifier are
 * encoded, and node signs. The output is
 * byte for byte the TBSCertificate issueClientCertificateWithLibrary builds (a property test holds it to
 * that), so the profile and its lint stay defined by the library path; a template proves itself on one
 * certificate run through the full lint when it is made.
 */
export class FastCertificateTemplate {
  private constructor(
    private readonly signer: CaSigner,
    private readonly issuerName: Buffer,
    private readonly leadingRdns: Buffer[],
    private readonly extendedKeyUsage: Buffer,
    private readonly authorityKeyIdentifier: Buffer,
    readonly profile: TemplateProfile,
    readonly caNotBefore: Date,
    readonly caNotAfter: Date,
    /** CRL distribution point and authority information access, DER, the same for every leaf */
    private readonly distribution: Buffer[],
  ) {}

  /**
   * The template of a loaded (and so already checked) CA for a profile (the default one unless given),
   * proven on one certificate of each key type the profile allows through the full lint.
   */
  static async forCa(ca: LoadedCertificateAuthority, profile?: TemplateProfile): Promise<FastCertificateTemplate> {
    const template = FastCertificateTemplate.fromParsed(
      ca.certificate,
      ca.signer,
      ca.clusterId,
      templateProfileOf(profile),
      ca.distribution,
    );
    await template.proveAgainstLint(ca);
    return template;
  }

  /** For a worker thread: the material comes from a template made with forCa, so it is not linted again. */
  static fromSigningMaterial(material: CaSigningMaterial, profile?: TemplateProfile): FastCertificateTemplate {
    const certificate = parseCertificatePem(material.certificatePem);
    const [clusterId] = certificate.subjectName.getField('OU');
    if (clusterId === undefined)
      throw new PkiError('CA_INVALID', 'the CA certificate subject carries no cluster id OU');
    return FastCertificateTemplate.fromParsed(
      certificate,
      new LocalKeySigner(material.signingKey),
      clusterId,
      templateProfileOf(profile),
      material.distribution,
    );
  }

  private static fromParsed(
    certificate: x509.X509Certificate,
    signer: CaSigner,
    clusterId: string,
    profile: TemplateProfile,
    distribution: CaDistribution | undefined,
  ): FastCertificateTemplate {
    const aki = derSequence(derImplicitPrimitive(0, caKeyIdentifier({ certificate })));
    return new FastCertificateTemplate(
      signer,
      Buffer.from(certificate.subjectName.toArrayBuffer()),
      leadingRdns(profile, clusterId),
      extendedKeyUsageExtension(profile.extendedKeyUsages),
      derSequence(OID.authorityKeyIdentifier, derOctetString(aki)),
      profile,
      certificate.notBefore,
      certificate.notAfter,
      distributionExtensions(distribution).map((e) => Buffer.from(e.rawData)),
    );
  }

  /**
   * Checks the input as the library path does, then signs on this thread: for a CA key held in this process
   * (a worker thread's). A certificate that would fail lint's validity check (the CA has expired) is refused
   * the same way, with LINT_FAILED.
   */
  issue(input: FastIssueInput, serialNumber: Uint8Array = generateSerialNumber()): IssuedCertificate {
    const unsigned = this.unsigned(input, serialNumber);
    return unsigned.signed(this.localSigner().signNow(unsigned.tbs));
  }

  /** As issue, with any CA signer: the signature may come from an HSM, and the event loop goes on meanwhile. */
  async issueSigned(
    input: FastIssueInput,
    serialNumber: Uint8Array = generateSerialNumber(),
  ): Promise<IssuedCertificate> {
    const unsigned = this.unsigned(input, serialNumber);
    return unsigned.signed(await this.signer.sign(unsigned.tbs));
  }

  /** The signed certificate, DER, signed on this thread. */
  certificate(fields: ClientCertificateFields): Buffer {
    const tbs = this.tbsCertificate(fields);
    return signedCertificate(tbs, this.localSigner().signNow(tbs));
  }

  private unsigned(
    input: FastIssueInput,
    serialNumber: Uint8Array,
  ): { tbs: Buffer; signed: (signature: Buffer) => IssuedCertificate } {
    assertCommonName(input.commonName);
    const now = input.now ?? new Date();
    const { notBefore, notAfter } = validityWindow(now, input.validitySeconds, this.caNotAfter);
    const subjectAltNames = validateSubjectAltNames(input);
    const generated = input.publicKey ? undefined : generateSubjectKey(this.profile.keyTypes[0]);
    const publicKey = generated ?? subjectPublicKey(input.publicKey!);
    if (!this.profile.keyTypes.includes(publicKey.keyType)) {
      throw new PkiError(
        'KEY_TYPE_NOT_ALLOWED',
        `the profile does not allow ${publicKey.keyType} keys (allowed: ${this.profile.keyTypes.join(', ')})`,
      );
    }
    const encodedNotAfter = wholeSeconds(notAfter);
    if (now.getTime() > encodedNotAfter.getTime()) {
      throw new PkiError('LINT_FAILED', 'refusing to hand out a certificate that fails lint: validity: expired');
    }
    const tbs = this.tbsCertificate({
      serialNumber,
      notBefore,
      notAfter,
      commonName: input.commonName,
      subjectAltNames,
      publicKey,
    });
    return {
      tbs,
      signed: (signature) => {
        const der = signedCertificate(tbs, signature);
        return {
          certificatePem: derToPem('CERTIFICATE', der),
          serialNumber: serialNumberToHex(serialNumber),
          notBefore: wholeSeconds(notBefore),
          notAfter: encodedNotAfter,
          ...(generated ? { privateKeyPem: generated.privateKeyPem } : {}),
          fingerprintSha256: createHash('sha256').update(der).digest('hex'),
        };
      },
    };
  }

  private localSigner(): LocalKeySigner {
    if (!(this.signer instanceof LocalKeySigner))
      throw new PkiError('INVALID_INPUT', 'the CA key is not held in this process: use issueSigned');
    return this.signer;
  }

  tbsCertificate(fields: ClientCertificateFields): Buffer {
    const { publicKey, subjectAltNames } = fields;
    const subjectKeyIdentifier = createHash('sha1').update(publicKey.point).digest();
    const extensions = [
      BASIC_CONSTRAINTS_END_ENTITY,
      KEY_USAGE_DIGITAL_SIGNATURE,
      this.extendedKeyUsage,
      derSequence(OID.subjectKeyIdentifier, derOctetString(derOctetString(subjectKeyIdentifier))),
      this.authorityKeyIdentifier,
    ];
    if (sanCount(subjectAltNames) > 0) {
      extensions.push(derSequence(OID.subjectAltName, derOctetString(generalNames(subjectAltNames))));
    }
    extensions.push(...this.distribution);
    return derSequence(
      VERSION_3,
      derUnsignedInteger(fields.serialNumber),
      ECDSA_WITH_SHA256,
      this.issuerName,
      derSequence(derTime(fields.notBefore), derTime(fields.notAfter)),
      derSequence(...this.leadingRdns, derSet(derSequence(OID.commonName, derUtf8String(fields.commonName)))),
      publicKey.spki,
      derExplicit(3, derSequence(...extensions)),
    );
  }

  /** One certificate from a fresh key of each allowed type, with a SAN of every kind, midway through the CA's validity, must lint clean. */
  private async proveAgainstLint(ca: LoadedCertificateAuthority): Promise<void> {
    const now = new Date((this.caNotBefore.getTime() + this.caNotAfter.getTime()) / 2);
    for (const keyType of this.profile.keyTypes) {
      const probe = await this.issueSigned({
        commonName: 'certplane-template-check',
        ips: ['127.0.0.1', '::1'],
        hostnames: ['localhost'],
        uris: ['spiffe://certplane.invalid/template-check'],
        emails: ['template-check@certplane.invalid'],
        publicKey: createPublicKey(generateSubjectKey(keyType).privateKeyPem),
        validitySeconds: DAY_SECONDS,
        now,
      });
      const problems = lintClientCertificate(probe.certificatePem, ca, now, this.profile);
      if (problems.length > 0) {
        throw new PkiError(
          'LINT_FAILED',
          `the fast certificate template of this CA and profile fails lint: ${problems.join('; ')}`,
        );
      }
    }
  }
}

function signedCertificate(tbs: Buffer, signature: Buffer): Buffer {
  return derSequence(tbs, ECDSA_WITH_SHA256, derBitString(signature));
}

function generalNames({ ips, hostnames, uris = [], emails = [] }: SubjectAltNames): Buffer {
  return derSequence(
    ...ips.map((ip) => derImplicitPrimitive(GENERAL_NAME_IP, ipAddressOctets(ip))),
    ...hostnames.map((hostname) => derImplicitPrimitive(GENERAL_NAME_DNS, Buffer.from(hostname, 'latin1'))),
    ...uris.map((uri) => derImplicitPrimitive(GENERAL_NAME_URI, Buffer.from(uri, 'latin1'))),
    ...emails.map((email) => derImplicitPrimitive(GENERAL_NAME_EMAIL, Buffer.from(email, 'latin1'))),
  );
}

function wholeSeconds(date: Date): Date {
  return new Date(date.getTime() - (((date.getTime() % 1000) + 1000) % 1000));
}
