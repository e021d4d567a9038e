import { KeyObject, randomBytes, randomUUID, verify } from 'node:crypto';
import { type CaSigner, cryptoSigningWith, LocalKeySigner } from './ca-signer';
import { certificateToPem, parseCertificatePem } from './certificate-pem';
import { type CryptoKey, x509 } from './crypto-provider';
import { assertCommonName, buildName } from './distinguished-name';
import {
  ECDSA_SHA256,
  exportPrivateKeyPem,
  generateKeyPair,
  importCertificatePublicKey,
  importPrivateKeyPem,
} from './key-pair';
import { PkiError } from './pki.errors';
import { generateSerialNumber, serialNumberToHex } from './serial-number';
import { DAY_SECONDS, validityWindow } from './validity';

export interface CertificateAuthorityMaterial {
  certificatePem: string;
  /** PKCS#8 PEM */
  privateKeyPem: string;
}

export interface LoadedCertificateAuthority {
  /** UUID, the OU of the CA subject */
  readonly clusterId: string;
  readonly certificatePem: string;
  readonly certificate: x509.X509Certificate;
  /** Signs as this CA, with a key held in this process or in an HSM */
  readonly signer: CaSigner;
  readonly publicKey: CryptoKey;
  readonly notAfter: Date;
  /** Where relying parties find this CA's CRL and OCSP responder, written into every leaf it signs */
  readonly distribution?: CaDistribution;
}

export interface CaDistribution {
  crlUrl: string;
  ocspUrl: string;
  /** Serves the issuing CA's certificate, DER (RFC 5280 4.2.2.1), for relying parties that lack it */
  caIssuersUrl: string;
}

/**
 * The same CA, its leaves naming its CRL (CRL distribution point), its OCSP responder and its own certificate
 * (authority information access).
 */
export function withDistribution(
  ca: LoadedCertificateAuthority,
  distribution: CaDistribution,
): LoadedCertificateAuthority {
  return Object.freeze({ ...ca, distribution });
}

/** The extensions a leaf of the CA carries for its distribution, one encoding for both issuing paths. */
export function distributionExtensions(distribution: CaDistribution | undefined): x509.Extension[] {
  if (!distribution) return [];
  return [
    new x509.CRLDistributionPointsExtension([distribution.crlUrl]),
    new x509.AuthorityInfoAccessExtension({
      ocsp: [new x509.GeneralName('url', distribution.ocspUrl)],
      caIssuers: [new x509.GeneralName('url', distribution.caIssuersUrl)],
    }),
  ];
}

export interface CreateCertificateAuthorityOptions {
  validityDays: number;
  clusterId?: string;
  commonName?: string;
  now?: Date;
}

const DEFAULT_COMMON_NAME = 'certplane CA';
const ORGANIZATION = 'certplane';
const CERTIFICATE_NOT_PEM = 'the CA certificate is not a PEM-encoded X.509 certificate';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A CA key that stays where it is (an HSM): what signs with it, and its public half. */
export interface CaKeyReference {
  signer: CaSigner;
  publicKey: CryptoKey;
}

/** A new self-signed CA, subject "CN=certplane CA, OU=<clusterId>, O=certplane", with a new key held here. */
export async function createCertificateAuthority(
  opts: CreateCertificateAuthorityOptions,
): Promise<{ ca: LoadedCertificateAuthority; material: CertificateAuthorityMaterial }> {
  const now = opts.now ?? new Date();
  const keys = await generateKeyPair();
  const certificatePem = await selfSignedCertificatePem(opts, now, {
    signer: new LocalKeySigner(KeyObject.from(keys.privateKey)),
    publicKey: keys.publicKey,
  });
  const material = { certificatePem, privateKeyPem: exportPrivateKeyPem(keys.privateKey) };
  // Going through the loader re-checks what was just built exactly as a CA read from disk is checked.
  return { ca: await loadCertificateAuthority(material, now), material };
}

/** A new self-signed CA, as createCertificateAuthority makes, for a key that never leaves its HSM. */
export async function createCertificateAuthorityForKey(
  key: CaKeyReference,
  opts: CreateCertificateAuthorityOptions,
): Promise<LoadedCertificateAuthority> {
  const now = opts.now ?? new Date();
  return loadCertificateAuthorityForKey(await selfSignedCertificatePem(opts, now, key), key.signer, now);
}

async function selfSignedCertificatePem(
  opts: CreateCertificateAuthorityOptions,
  now: Date,
  keys: CaKeyReference,
): Promise<string> {
  const clusterId = opts.clusterId ?? randomUUID();
  if (!UUID.test(clusterId)) throw new PkiError('INVALID_INPUT', 'clusterId must be a UUID');
  const commonName = opts.commonName ?? DEFAULT_COMMON_NAME;
  assertCommonName(commonName);
  const validity = validityWindow(now, opts.validityDays * DAY_SECONDS);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumberToHex(generateSerialNumber()),
      name: buildName([
        ['O', ORGANIZATION],
        ['OU', clusterId],
        ['CN', commonName],
      ]),
      ...validity,
      keys: { publicKey: keys.publicKey, privateKey: keys.publicKey },
      signingAlgorithm: ECDSA_SHA256,
      extensions: [
        // pathLength 0: this CA signs leaves only, never another CA.
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    },
    cryptoSigningWith(keys.signer),
  );
  return certificateToPem(certificate);
}

/**
 * Loads CA material (e.g. from files named by the environment) and refuses anything that could not issue
 * valid client certificates. Errors are PkiError('CA_INVALID') and never quote the material.
 */
export async function loadCertificateAuthority(
  material: CertificateAuthorityMaterial,
  now: Date = new Date(),
): Promise<LoadedCertificateAuthority> {
  // The certificate is judged first, so a file pair with both wrong names the certificate.
  await rethrowAsCaInvalid(async () => parseCertificatePem(material.certificatePem), CERTIFICATE_NOT_PEM);
  const privateKey = await rethrowAsCaInvalid(
    () => importPrivateKeyPem(material.privateKeyPem),
    'the CA private key is not an unencrypted EC P-256 private key in PEM (PKCS#8)',
  );
  return loadCertificateAuthorityForKey(material.certificatePem, new LocalKeySigner(KeyObject.from(privateKey)), now);
}

/**
 * Loads a CA certificate whose key the signer holds (an HSM's, or one loaded from PEM), with every check
 * loadCertificateAuthority makes; that the key belongs to the certificate is proven by a signature.
 */
export async function loadCertificateAuthorityForKey(
  certificatePem: string,
  signer: CaSigner,
  now: Date = new Date(),
): Promise<LoadedCertificateAuthority> {
  const certificate = await rethrowAsCaInvalid(async () => parseCertificatePem(certificatePem), CERTIFICATE_NOT_PEM);
  const publicKey = await rethrowAsCaInvalid(
    () => importCertificatePublicKey(certificate),
    'the CA certificate key is not EC P-256',
  );
  const probe = randomBytes(32);
  const signature = await signer.sign(probe);
  if (!verify('sha256', probe, { key: KeyObject.from(publicKey), dsaEncoding: 'der' }, signature)) {
    throw new PkiError('CA_INVALID', 'the CA private key does not belong to the CA certificate');
  }
  const basicConstraints = certificate.getExtension(x509.BasicConstraintsExtension);
  const keyUsage = certificate.getExtension(x509.KeyUsagesExtension);
  if (!basicConstraints?.ca || !keyUsage || !(keyUsage.usages & x509.KeyUsageFlags.keyCertSign)) {
    throw new PkiError(
      'CA_INVALID',
      'the CA certificate is not a CA: it needs basicConstraints cA=true and keyUsage keyCertSign',
    );
  }
  const { notBefore, notAfter } = certificate;
  if (now < notBefore || now > notAfter) {
    throw new PkiError(
      'CA_INVALID',
      `the CA certificate is not valid at ${now.toISOString()} ` +
        `(valid from ${notBefore.toISOString()} to ${notAfter.toISOString()})`,
    );
  }
  const organizationalUnits = certificate.subjectName.getField('OU');
  if (organizationalUnits.length !== 1 || !UUID.test(organizationalUnits[0])) {
    throw new PkiError('CA_INVALID', 'the CA certificate subject must carry the cluster id as a single UUID OU');
  }
  return Object.freeze({
    clusterId: organizationalUnits[0],
    certificatePem: certificateToPem(certificate),
    certificate,
    signer,
    publicKey,
    notAfter,
  });
}

/** The share of its life (notBefore to notAfter) a CA has left at `now`, 0 once expired. */
export function remainingLife(ca: LoadedCertificateAuthority, now: Date = new Date()): number {
  const from = ca.certificate.notBefore.getTime();
  const to = ca.notAfter.getTime();
  return Math.min(1, Math.max(0, (to - now.getTime()) / Math.max(1, to - from)));
}

async function rethrowAsCaInvalid<T>(step: () => Promise<T>, message: string): Promise<T> {
  try {
    return await step();
  } catch {
    throw new PkiError('CA_INVALID', message);
  }
}
