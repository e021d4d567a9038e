import { type CaSigner, cryptoSigningWith } from './ca-signer';
import {
  type CaKeyReference,
  loadCertificateAuthorityForKey,
  type LoadedCertificateAuthority,
} from './certificate-authority';
import { certificateToPem, parseCertificatePem } from './certificate-pem';
import { x509 } from './crypto-provider';
import { assertCommonName, buildName } from './distinguished-name';
import { ECDSA_SHA256 } from './key-pair';
import { PkiError } from './pki.errors';

/**
 * A CSR for an intermediate CA certplane asks an operator's root to sign: the subject certplane's own CAs
 * carry (O=certplane, OU=<cluster id>, CN=...), and a request for the CA extensions the root should grant.
 */
export async function createCaCsr(key: CaKeyReference, clusterId: string, commonName: string): Promise<string> {
  assertCommonName(commonName);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    {
      name: buildName([
        ['O', 'certplane'],
        ['OU', clusterId],
        ['CN', commonName],
      ]),
      keys: { publicKey: key.publicKey, privateKey: key.publicKey },
      signingAlgorithm: ECDSA_SHA256,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ],
    },
    cryptoSigningWith(key.signer),
  );
  return csr.toString('pem').replace(/\r\n/g, '\n').trimEnd() + '\n';
}

export interface InstalledIntermediate {
  ca: LoadedCertificateAuthority;
  /** The certificates above it as given, each checked to sign the one before */
  chainPem: string;
}

/**
 * The certificate an operator's root signed for a CSR certplane made, with the chain above it. Refused, with a
 * PkiError whose code names why: not a certificate (INVALID_ISSUER_CERTIFICATE), another key than the CSR's
 * (ISSUER_CERTIFICATE_KEY_MISMATCH), not a CA that may sign certificates (ISSUER_CERTIFICATE_NOT_CA), a chain
 * whose certificates do not sign one another (INVALID_ISSUER_CHAIN), or anything else a CA must be
 * (INVALID_ISSUER_CERTIFICATE).
 */
export async function checkIntermediate(
  certificatePem: unknown,
  chainPem: unknown,
  csrPem: string,
  signer: CaSigner,
): Promise<InstalledIntermediate> {
  if (typeof certificatePem !== 'string' || certificatePem.length > 64 * 1024)
    throw new PkiError('INVALID_ISSUER_CERTIFICATE', 'certificate must be a PEM X.509 certificate');
  if (chainPem !== undefined && (typeof chainPem !== 'string' || chainPem.length > 256 * 1024))
    throw new PkiError(
      'INVALID_ISSUER_CHAIN',
      'chain must be PEM certificates, the one that signed the certificate first',
    );
  const certificate = asCertificate(certificatePem, 'INVALID_ISSUER_CERTIFICATE', 'certificate');
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  if (!Buffer.from(certificate.publicKey.rawData).equals(Buffer.from(csr.publicKey.rawData)))
    throw new PkiError(
      'ISSUER_CERTIFICATE_KEY_MISMATCH',
      "the certificate is for another key than the issuer's CSR: sign the CSR GET /pki/issuers lists",
    );
  const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
  const usages = certificate.getExtension(x509.KeyUsagesExtension);
  if (!constraints?.ca || !usages || !(usages.usages & x509.KeyUsageFlags.keyCertSign))
    throw new PkiError(
      'ISSUER_CERTIFICATE_NOT_CA',
      'the certificate is not a CA that signs certificates: it needs basicConstraints CA:TRUE and keyUsage keyCertSign',
    );
  const chain = (typeof chainPem === 'string' ? chainPem : '').match(PEM_CERTIFICATE) ?? [];
  const parsed = chain.map((pem) => asCertificate(pem, 'INVALID_ISSUER_CHAIN', 'a chain certificate'));
  for (const [i, above] of parsed.entries()) {
    const below = i === 0 ? certificate : parsed[i - 1];
    if (!(await signs(above, below)))
      throw new PkiError(
        'INVALID_ISSUER_CHAIN',
        `chain certificate ${i + 1} did not sign the certificate before it: give the chain from the root's side up, the signer of the certificate first`,
      );
  }
  let ca: LoadedCertificateAuthority;
  try {
    ca = await loadCertificateAuthorityForKey(certificateToPem(certificate), signer);
  } catch (e) {
    if (e instanceof PkiError) throw new PkiError('INVALID_ISSUER_CERTIFICATE', e.message);
    throw e;
  }
  return { ca, chainPem: parsed.map(certificateToPem).join('') };
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function asCertificate(pem: string, code: string, what: string): x509.X509Certificate {
  try {
    return parseCertificatePem(pem);
  } catch {
    throw new PkiError(code, `${what} is not a PEM X.509 certificate`);
  }
}

async function signs(issuer: x509.X509Certificate, subject: x509.X509Certificate): Promise<boolean> {
  if (subject.issuer !== issuer.subject) return false;
  try {
    return await subject.verify({ publicKey: issuer.publicKey, signatureOnly: true });
  } catch {
    return false;
  }
}
