import { createHash } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import type { LoadedCertificateAuthority } from './certificate-authority';
import { x509 } from './crypto-provider';

/** ecdsa-with-SHA256, parameters absent (RFC 5758 3.2): how every CA signature of certplane is labelled. */
export const ECDSA_WITH_SHA256_OID = '1.2.840.10045.4.3.2';

export function ecdsaWithSha256(): AlgorithmIdentifier {
  return new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256_OID });
}

/** The CA's ECDSA-SHA256 signature over a to-be-signed DER structure, DER-encoded (Ecdsa-Sig-Value) as CRLs and OCSP responses carry it. */
export async function signWithCa(
  ca: Pick<LoadedCertificateAuthority, 'signer'>,
  tbs: ArrayBuffer,
): Promise<ArrayBuffer> {
  const signature = await ca.signer.sign(new Uint8Array(tbs));
  return new Uint8Array(signature).buffer;
}

/** The CA's subjectPublicKey BIT STRING contents: what OCSP key hashes and key identifiers digest. */
export function caPublicKeyBits(ca: Pick<LoadedCertificateAuthority, 'certificate'>): Buffer {
  return Buffer.from(AsnConvert.parse(ca.certificate.publicKey.rawData, SubjectPublicKeyInfo).subjectPublicKey);
}

/** The CA's own subject key identifier when it has one (ours always do), else the RFC 5280 method 1 SHA-1. */
export function caKeyIdentifier(ca: Pick<LoadedCertificateAuthority, 'certificate'>): Buffer {
  const ski = ca.certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  return ski ? Buffer.from(ski.keyId, 'hex') : createHash('sha1').update(caPublicKeyBits(ca)).digest();
}
