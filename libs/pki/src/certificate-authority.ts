import { randomUUID } from 'node:crypto';
import { certificateToPem, parseCertificatePem } from './certificate-pem';
import { type CryptoKey, x509 } from './crypto-provider';
import { assertCommonName, buildName } from './distinguished-name';
import {
  ECDSA_SHA256,
  exportPrivateKeyPem,
  generateKeyPair,
  importCertificatePublicKey,
  importPrivateKeyPem,
  keysMatch,
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
  /** Non-extractable ECDSA P-256 signing key */
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly notAfter: Date;
}

export interface CreateCertificateAuthorityOptions {
  validityDays: number;
  clusterId?: string;
  commonName?: string;
  now?: Date;
}

const DEFAULT_COMMON_NAME = 'certplane CA';
const ORGANIZATION = 'certplane';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A new self-signed CA, subject "CN=certplane CA, OU=<clusterId>, O=certplane". */
export async function createCertificateAuthority(
  opts: CreateCertificateAuthorityOptions,
): Promise<{ ca: LoadedCertificateAuthority; material: CertificateAuthorityMaterial }> {
  const clusterId = opts.clusterId ?? randomUUID();
  if (!UUID.test(clusterId)) throw new PkiError('INVALID_INPUT', 'clusterId must be a UUID');
  const commonName = opts.commonName ?? DEFAULT_COMMON_NAME;
  assertCommonName(commonName);
  const now = opts.now ?? new Date();
  const validity = validityWindow(now, opts.validityDays * DAY_SECONDS);
  const keys = await generateKeyPair();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumberToHex(generateSerialNumber()),
    name: buildName([
      ['O', ORGANIZATION],
      ['OU', clusterId],
      ['CN', commonName],
    ]),
    ...validity,
    keys,
    signingAlgorithm: ECDSA_SHA256,
    extensions: [
      // pathLength 0: this CA signs leaves only, never another CA.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const material = {
    certificatePem: certificateToPem(certificate),
    privateKeyPem: exportPrivateKeyPem(keys.privateKey),
  };
  // Going through the loader re-checks what was just built exactly as a CA read from disk is checked, and
  // leaves the returned CA holding a non-extractable copy of the key.
  return { ca: await loadCertificateAuthority(material, now), material };
}

/**
 * Loads CA material (e.g. from files named by the environment) and refuses anything that could not issue
 * valid client certificates. Errors are PkiError('CA_INVALID') and never quote the material.
 */
export async function loadCertificateAuthority(
  material: CertificateAuthorityMaterial,
  now: Date = new Date(),
): Promise<LoadedCertificateAuthority> {
  const certificate = await rethrowAsCaInvalid(
    async () => parseCertificatePem(material.certificatePem),
    'the CA certificate is not a PEM-encoded X.509 certificate',
  );
  const privateKey = await rethrowAsCaInvalid(
    () => importPrivateKeyPem(material.privateKeyPem),
    'the CA private key is not an unencrypted EC P-256 private key in PEM (PKCS#8)',
  );
  const publicKey = await rethrowAsCaInvalid(
    () => importCertificatePublicKey(certificate),
    'the CA certificate key is not EC P-256',
  );
  if (!(await keysMatch(privateKey, publicKey))) {
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
    privateKey,
    publicKey,
    notAfter,
  });
}

async function rethrowAsCaInvalid<T>(step: () => Promise<T>, message: string): Promise<T> {
  try {
    return await step();
  } catch {
    throw new PkiError('CA_INVALID', message);
  }
}
