import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import {
  CertificateChoices,
  CertificateSet,
  ContentInfo,
  EncapsulatedContentInfo,
  id_data,
  id_signedData,
  SignedData,
} from '@peculiar/asn1-cms';
import { x509 } from './crypto-provider';
import { derToPem } from './certificate-pem';
import type { KeyType } from '@certplane/domain';
import { derOid, derTlv, derUnsignedInteger, TAG } from './der-writer';
import { PkiError } from './pki.errors';

/** RFC 7030 bodies are base64 of DER; line breaks (CRLF or LF) anywhere are allowed, nothing else. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The DER an EST body carries. Anything that is not strict base64 (bar whitespace) is PkiError INVALID_BASE64. */
export function decodeEstBase64(body: string): Uint8Array {
  const text = body.replace(/[\r\n\t ]/g, '');
  if (text.length === 0 || !BASE64.test(text))
    throw new PkiError('INVALID_BASE64', 'the body must be base64 (RFC 7030 section 4: base64 of the DER)');
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** Base64 in 64-column lines, CRLF-terminated, as RFC 7030's examples and MIME bodies write it. */
export function encodeEstBase64(der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  let out = '';
  for (let i = 0; i < base64.length; i += 64) out += `${base64.slice(i, i + 64)}\r\n`;
  return out;
}

/** The PKCS#10 DER of an `application/pkcs10` body, as the PEM the rest of certplane takes. */
export function csrDerToPem(der: Uint8Array): string {
  return derToPem('CERTIFICATE REQUEST', der);
}

/** The subject CN of a CSR whose signature has been verified (parseCertificateSigningRequest), if it has one. */
export function csrCommonName(pem: string): string | undefined {
  return new x509.Pkcs10CertificateRequest(pem).subjectName.getField('CN')[0];
}

/**
 * A certs-only CMS SignedData (RFC 5652 5.1, RFC 7030 4.1.3): version 1, no digest algorithms, no
 * content, the certificates, no signers. `openssl pkcs7 -print_certs` reads it.
 */
export function certsOnlyPkcs7(certificatesPem: readonly string[]): Uint8Array {
  const certificates = new CertificateSet(
    certificatesPem.map(
      (pem) =>
        new CertificateChoices({ certificate: AsnConvert.parse(new x509.X509Certificate(pem).rawData, Certificate) }),
    ),
  );
  const signedData = new SignedData({
    version: 1,
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data }),
    certificates,
  });
  return new Uint8Array(
    AsnConvert.serialize(new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signedData) })),
  );
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecPublicKey: '1.2.840.10045.2.1',
  secp256r1: '1.2.840.10045.3.1.7',
  secp384r1: '1.3.132.0.34',
  sha256WithRsaEncryption: '1.2.840.113549.1.1.11',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ed25519: '1.3.101.112',
} as const;

const RSA_BITS = { 'rsa-2048': 2048, 'rsa-3072': 3072, 'rsa-4096': 4096 } as const;

/**
 * The CSR attributes certplane asks for (RFC 7030 4.5.2): a key of the type given (the default
 * profile's P-256 unless given) and the signature that goes with it. EC keys as RFC 7030's own
 * example writes them (id-ecPublicKey with the curve, ecdsa-with-SHA256 or -SHA384), RSA with its
 * size (rsaEncryption with the modulus bits, sha256WithRSAEncryption), Ed25519 by its OID alone. The
 * subject and extensions are the certificate profile's business, so none are asked for.
 */
export function estCsrAttributes(keyType: KeyType = 'ec-p256'): Uint8Array {
  switch (keyType) {
    case 'ec-p256':
    case 'ec-p384': {
      const p384 = keyType === 'ec-p384';
      return derTlv(
        TAG.SEQUENCE,
        derOid(p384 ? OID.ecdsaWithSha384 : OID.ecdsaWithSha256),
        derTlv(TAG.SEQUENCE, derOid(OID.ecPublicKey), derTlv(TAG.SET, derOid(p384 ? OID.secp384r1 : OID.secp256r1))),
      );
    }
    case 'ed25519':
      return derTlv(TAG.SEQUENCE, derOid(OID.ed25519));
    default: {
      const bits = Buffer.alloc(2);
      bits.writeUInt16BE(RSA_BITS[keyType]);
      return derTlv(
        TAG.SEQUENCE,
        derOid(OID.sha256WithRsaEncryption),
        derTlv(TAG.SEQUENCE, derOid(OID.rsaEncryption), derTlv(TAG.SET, derUnsignedInteger(bits))),
      );
    }
  }
}
