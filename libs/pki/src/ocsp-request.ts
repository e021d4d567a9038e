import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { CertID, id_pkix_ocsp_nonce, OCSPRequest } from '@peculiar/asn1-ocsp';
import type { LoadedCertificateAuthority } from './certificate-authority';
import { serialNumberFromOctets } from './crl-entry';
import { caPublicKeyBits } from './crl-signing';
import { readDerElement } from './der';
import { PkiError } from './pki.errors';

/** One certificate a relying party asks about. */
export interface OcspQuestion {
  /** Echoed in the answer, which is how the client pairs answers with questions */
  certId: CertID;
  /** Canonical hex (see canonicalSerialNumber) */
  serialNumber: string;
}

export interface ParsedOcspRequest {
  questions: OcspQuestion[];
  /** The nonce extension's extnValue, echoed verbatim so the client can bind the answer to its request */
  nonce?: ArrayBuffer;
}

// More than a handful of certificates per request is not what OCSP clients send (RFC 5019 allows one); the
// cap bounds the signing and lookups one request can cost.
export const MAX_OCSP_QUESTIONS = 16;
// RFC 9654: a nonce of 1 to 128 octets; anything else is refused as malformedRequest.
const MAX_NONCE_OCTETS = 128;

/** Hash algorithms a CertID may use, by OID. */
const CERT_ID_HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/**
 * Reads a DER OCSPRequest (RFC 6960 4.1). Anything that is not one, or that asks about nothing, too much, or
 * with a nonce out of bounds, is PkiError('OCSP_MALFORMED_REQUEST'), which the responder answers with the
 * malformedRequest status. A request signature is not required and not checked.
 */
export function parseOcspRequest(der: Uint8Array): ParsedOcspRequest {
  let request: OCSPRequest;
  try {
    // The outer SEQUENCE must span the input exactly: trailing bytes mean it is not the DER it claims to be.
    if (readDerElement(der, 0, 0x30).end !== der.length) throw new Error('trailing data');
    request = AsnConvert.parse(der, OCSPRequest);
  } catch {
    throw malformed('the body is not a DER-encoded OCSPRequest');
  }
  const list = request.tbsRequest.requestList;
  if (list.length === 0) throw malformed('the request asks about no certificate');
  if (list.length > MAX_OCSP_QUESTIONS)
    throw malformed(`the request asks about more than ${MAX_OCSP_QUESTIONS} certificates`);
  const questions = list.map(({ reqCert }) => {
    const serial = new Uint8Array(reqCert.serialNumber);
    if (serial.length === 0 || serial.length > 32) throw malformed('a CertID serial number is empty or too long');
    return { certId: reqCert, serialNumber: serialNumberFromOctets(serial) };
  });
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === id_pkix_ocsp_nonce)?.extnValue.buffer;
  if (nonce !== undefined) {
    const length = nonceLength(nonce);
    if (length < 1 || length > MAX_NONCE_OCTETS) throw malformed(`the nonce must be 1 to ${MAX_NONCE_OCTETS} octets`);
  }
  return { questions, ...(nonce !== undefined ? { nonce } : {}) };
}

/**
 * Whether a CertID names this CA: its name and key hashes, in the CertID's own hash algorithm, match the CA's.
 * A hash certplane does not know cannot match. Only the CA's certificate counts, so a CA whose key is not at
 * hand (retired, or its HSM key gone) is recognised too.
 */
export function certIdNamesCa(certId: CertID, ca: CaCertificate): boolean {
  const algorithm = CERT_ID_HASHES[certId.hashAlgorithm.algorithm];
  if (!algorithm) return false;
  const expected = caHashes(ca, algorithm);
  return (
    Buffer.from(certId.issuerNameHash.buffer).equals(expected.nameHash) &&
    Buffer.from(certId.issuerKeyHash.buffer).equals(expected.keyHash)
  );
}

/** RFC 9654 measures the OCTET STRING inside extnValue; older clients put the bare bytes there. */
function nonceLength(extnValue: ArrayBuffer): number {
  const bytes = new Uint8Array(extnValue);
  try {
    if (readDerElement(bytes, 0, 0x04).end === bytes.length) return AsnConvert.parse(bytes, OctetString).byteLength;
  } catch {
    // not a wrapped OCTET STRING: the bare form
  }
  return bytes.length;
}

type CaCertificate = Pick<LoadedCertificateAuthority, 'certificate'>;

const hashesByCa = new WeakMap<CaCertificate, Map<string, { nameHash: Buffer; keyHash: Buffer }>>();

function caHashes(ca: CaCertificate, algorithm: string): { nameHash: Buffer; keyHash: Buffer } {
  let byAlgorithm = hashesByCa.get(ca);
  if (!byAlgorithm) hashesByCa.set(ca, (byAlgorithm = new Map()));
  let hashes = byAlgorithm.get(algorithm);
  if (!hashes) {
    hashes = {
      nameHash: createHash(algorithm).update(caSubjectDer(ca)).digest(),
      keyHash: createHash(algorithm).update(caPublicKeyBits(ca)).digest(),
    };
    byAlgorithm.set(algorithm, hashes);
  }
  return hashes;
}

/**
 * The subject Name exactly as encoded in the CA certificate, which is what clients hash (OpenSSL does). Walked
 * in the DER rather than re-serialised from a parsed Name, so no re-encoding can change a byte.
 */
function caSubjectDer(ca: CaCertificate): Uint8Array {
  const der = new Uint8Array(ca.certificate.rawData);
  const certificate = readDerElement(der, 0, 0x30);
  const tbs = readDerElement(der, certificate.contentStart, 0x30);
  let offset = tbs.contentStart;
  if (der[offset] === 0xa0) offset = readDerElement(der, offset, 0xa0).end; // [0] version
  offset = readDerElement(der, offset, 0x02).end; // serialNumber
  offset = readDerElement(der, offset, 0x30).end; // signature
  offset = readDerElement(der, offset, 0x30).end; // issuer
  offset = readDerElement(der, offset, 0x30).end; // validity
  const subject = readDerElement(der, offset, 0x30);
  return der.subarray(subject.start, subject.end);
}

function malformed(message: string): PkiError {
  return new PkiError('OCSP_MALFORMED_REQUEST', message);
}
