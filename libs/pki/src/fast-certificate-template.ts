import { createHash, type KeyObject } from 'node:crypto';
import { type CaSigner, LocalKeySigner } from './ca-signer';
import type { LoadedCertificateAuthority } from './certificate-authority';
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
  derTlv,
} from './der-writer';
import { assertCommonName } from './distinguished-name';
import { type EcP256PublicKey, ecP256PublicKey, generateEcP256Key } from './ec-p256-encoding';
import type { IssueClientCertificateInput, IssuedCertificate } from './issue-client-certificate';
import { PkiError } from './pki.errors';
import { generateSerialNumber, serialNumberToHex } from './serial-number';
import { ipAddressOctets, type SubjectAltNames, validateSubjectAltNames } from './subject-alt-names';
import { DAY_SECONDS, validityWindow } from './validity';

/** What a template needs of its CA; plain data and a KeyObject, so it can be handed to a worker thread. */
export interface CaSigningMaterial {
  certificatePem: string;
  /** The CA's P-256 private key */
  signingKey: KeyObject;
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
  publicKey: EcP256PublicKey;
}

export interface FastIssueInput extends Omit<IssueClientCertificateInput, 'publicKey'> {
  publicKey?: CryptoKey | KeyObject;
}

const OID = {
  organizationalUnitName: derOid('2.5.4.11'),
  commonName: derOid('2.5.4.3'),
  basicConstraints: derOid('2.5.29.19'),
  keyUsage: derOid('2.5.29.15'),
  extKeyUsage: derOid('2.5.29.37'),
  clientAuth: derOid('1.3.6.1.5.5.7.3.2'),
  subjectKeyIdentifier: derOid('2.5.29.14'),
  authorityKeyIdentifier: derOid('2.5.29.35'),
  subjectAltName: derOid('2.5.29.17'),
};
const VERSION_3 = derExplicit(0, derUnsignedInteger(Buffer.of(2)));
const ECDSA_WITH_SHA256 = derSequence(derOid(ECDSA_WITH_SHA256_OID));
const CRITICAL = derBoolean(true);
// The client profile, in the order (and with the encodings) of the @peculiar/x509 path it replaces.
const BASIC_CONSTRAINTS_END_ENTITY = derSequence(OID.basicConstraints, CRITICAL, derOctetString(derSequence()));
const KEY_USAGE_DIGITAL_SIGNATURE = derSequence(OID.keyUsage, CRITICAL, derOctetString(derBitString(Buffer.of(0x80), 7)));
const EXTENDED_KEY_USAGE_CLIENT_AUTH = derSequence(OID.extKeyUsage, derOctetString(derSequence(OID.clientAuth)));
const GENERAL_NAME_DNS = 2;
const GENERAL_NAME_IP = 7;

/**
 * Issues certplane's client certificate profile without an ASN.1 library: everything that is the same for
 * every certificate of a CA (issuer Name copied from the CA certificate's own bytes, algorithm identifiers,
 * the fixed extensions, the authority key identifier) is encoded once here; per certificate only the
 * serial, validity, subject, SANs, key and its identifier are encoded, and node signs. The output is
 * byte for byte the TBSCertificate issueClientCertificateWithLibrary builds (a property test holds it to
 * that), so the profile and its lint stay defined by the library path; a template proves itself on one
 * certificate run through the full lint when it is made.
 */
export class FastCertificateTemplate {
  private constructor(
    private readonly signer: CaSigner,
    private readonly issuerName: Buffer,
    private readonly organizationalUnit: Buffer,
    private readonly authorityKeyIdentifier: Buffer,
    readonly caNotBefore: Date,
    readonly caNotAfter: Date,
  ) {}

  /** The template of a loaded (and so already checked) CA, proven on one certificate through the full lint. */
  static async forCa(ca: LoadedCertificateAuthority): Promise<FastCertificateTemplate> {
    const template = FastCertificateTemplate.fromParsed(ca.certificate, ca.signer, ca.clusterId);
    await template.proveAgainstLint(ca);
    return template;
  }

  /** For a worker thread: the material comes from a template made with forCa, so it is not linted again. */
  static fromSigningMaterial(material: CaSigningMaterial): FastCertificateTemplate {
    const certificate = parseCertificatePem(material.certificatePem);
    const [clusterId] = certificate.subjectName.getField('OU');
    if (clusterId === undefined) throw new PkiError('CA_INVALID', 'the CA certificate subject carries no cluster id OU');
    return FastCertificateTemplate.fromParsed(certificate, new LocalKeySigner(material.signingKey), clusterId);
  }

  private static fromParsed(certificate: x509.X509Certificate, signer: CaSigner, clusterId: string): FastCertificateTemplate {
    const aki = derSequence(derImplicitPrimitive(0, caKeyIdentifier({ certificate })));
    return new FastCertificateTemplate(
      signer,
      Buffer.from(certificate.subjectName.toArrayBuffer()),
      derSet(derSequence(OID.organizationalUnitName, derUtf8String(clusterId))),
      derSequence(OID.authorityKeyIdentifier, derOctetString(aki)),
      certificate.notBefore,
      certificate.notAfter,
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
  async issueSigned(input: FastIssueInput, serialNumber: Uint8Array = generateSerialNumber()): Promise<IssuedCertificate> {
    const unsigned = this.unsigned(input, serialNumber);
    return unsigned.signed(await this.signer.sign(unsigned.tbs));
  }

  /** The signed certificate, DER, signed on this thread. */
  certificate(fields: ClientCertificateFields): Buffer {
    const tbs = this.tbsCertificate(fields);
    return signedCertificate(tbs, this.localSigner().signNow(tbs));
  }

  private unsigned(input: FastIssueInput, serialNumber: Uint8Array): { tbs: Buffer; signed: (signature: Buffer) => IssuedCertificate } {
    assertCommonName(input.commonName);
    const now = input.now ?? new Date();
    const { notBefore, notAfter } = validityWindow(now, input.validitySeconds, this.caNotAfter);
    const subjectAltNames = validateSubjectAltNames(input);
    const generated = input.publicKey ? undefined : generateEcP256Key();
    const publicKey = generated ?? ecP256PublicKey(input.publicKey!);
    const encodedNotAfter = wholeSeconds(notAfter);
    if (now.getTime() > encodedNotAfter.getTime()) {
      throw new PkiError('LINT_FAILED', 'refusing to hand out a certificate that fails lint: validity: expired');
    }
    const tbs = this.tbsCertificate({ serialNumber, notBefore, notAfter, commonName: input.commonName, subjectAltNames, publicKey });
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
    if (!(this.signer instanceof LocalKeySigner)) throw new PkiError('INVALID_INPUT', 'the CA key is not held in this process: use issueSigned');
    return this.signer;
  }

  tbsCertificate(fields: ClientCertificateFields): Buffer {
    const { publicKey, subjectAltNames } = fields;
    const subjectKeyIdentifier = createHash('sha1').update(publicKey.point).digest();
    const extensions = [
      BASIC_CONSTRAINTS_END_ENTITY,
      KEY_USAGE_DIGITAL_SIGNATURE,
      EXTENDED_KEY_USAGE_CLIENT_AUTH,
      derSequence(OID.subjectKeyIdentifier, derOctetString(derOctetString(subjectKeyIdentifier))),
      this.authorityKeyIdentifier,
    ];
    if (subjectAltNames.ips.length + subjectAltNames.hostnames.length > 0) {
      extensions.push(derSequence(OID.subjectAltName, derOctetString(generalNames(subjectAltNames))));
    }
    return derSequence(
      VERSION_3,
      derUnsignedInteger(fields.serialNumber),
      ECDSA_WITH_SHA256,
      this.issuerName,
      derSequence(derTime(fields.notBefore), derTime(fields.notAfter)),
      derSequence(this.organizationalUnit, derSet(derSequence(OID.commonName, derUtf8String(fields.commonName)))),
      publicKey.spki,
      derExplicit(3, derSequence(...extensions)),
    );
  }

  /** One certificate from a fresh key, midway through the CA's validity, must lint clean. */
  private async proveAgainstLint(ca: LoadedCertificateAuthority): Promise<void> {
    const now = new Date((this.caNotBefore.getTime() + this.caNotAfter.getTime()) / 2);
    const probe = await this.issueSigned({
      commonName: 'certplane-template-check',
      ips: ['127.0.0.1', '::1'],
      hostnames: ['localhost'],
      validitySeconds: DAY_SECONDS,
      now,
    });
    const problems = lintClientCertificate(probe.certificatePem, ca, now);
    if (problems.length > 0) {
      throw new PkiError('LINT_FAILED', `the fast certificate template of this CA fails lint: ${problems.join('; ')}`);
    }
  }
}

function signedCertificate(tbs: Buffer, signature: Buffer): Buffer {
  return derSequence(tbs, ECDSA_WITH_SHA256, derBitString(signature));
}

function generalNames({ ips, hostnames }: SubjectAltNames): Buffer {
  return derSequence(
    ...ips.map((ip) => derImplicitPrimitive(GENERAL_NAME_IP, ipAddressOctets(ip))),
    ...hostnames.map((hostname) => derTlv(0x80 | GENERAL_NAME_DNS, Buffer.from(hostname, 'latin1'))),
  );
}

function wholeSeconds(date: Date): Date {
  return new Date(date.getTime() - (((date.getTime() % 1000) + 1000) % 1000));
}
