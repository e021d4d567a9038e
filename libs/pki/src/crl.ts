import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  CertificateList,
  CRLReason,
  Extension,
  id_ce_authorityKeyIdentifier,
  id_ce_cRLNumber,
  id_ce_cRLReasons,
  KeyIdentifier,
  Name,
  RevokedCertificate,
  TBSCertList,
  Time,
  Version,
} from '@peculiar/asn1-x509';
import type { LoadedCertificateAuthority } from './certificate-authority';
import { derToPem } from './certificate-pem';
import {
  canonicalSerialNumber,
  revocationReasonCode,
  type RevokedCertificateEntry,
  serialNumberToOctets,
} from './crl-entry';
import { caKeyIdentifier, ecdsaWithSha256, signWithCa } from './crl-signing';
import { PkiError } from './pki.errors';

export interface BuildCrlInput {
  /** Only grows from one CRL of a CA to the next (RFC 5280 5.2.3); at most 20 octets */
  crlNumber: bigint;
  thisUpdate: Date;
  nextUpdate: Date;
  /** Each serial once; the caller has already left out expired and foreign certificates */
  entries: readonly RevokedCertificateEntry[];
}

const MAX_CRL_NUMBER = 2n ** 159n - 1n;
const PEM_LABEL = 'X509 CRL';

/**
 * A v2 CRL signed by the CA (ECDSA-SHA256): issuer exactly the CA subject, authority key identifier and CRL
 * number extensions, and per entry the revocation time and, unless unspecified, the reason code (RFC 5280
 * 5.3.1 wants unspecified left out). Entries are in serial order, so the same input gives the same bytes
 * up to the signature. Returns the DER.
 */
export async function buildCrl(ca: LoadedCertificateAuthority, input: BuildCrlInput): Promise<Uint8Array> {
  const { crlNumber, thisUpdate, nextUpdate } = input;
  if (typeof crlNumber !== 'bigint' || crlNumber < 0n || crlNumber > MAX_CRL_NUMBER) {
    throw new PkiError('INVALID_INPUT', 'the CRL number must be a non-negative integer of at most 20 octets');
  }
  if (!isValidDate(thisUpdate) || !isValidDate(nextUpdate) || !(nextUpdate.getTime() > thisUpdate.getTime())) {
    throw new PkiError('INVALID_INPUT', 'thisUpdate and nextUpdate must be valid dates, nextUpdate the later');
  }
  const tbsCertList = new TBSCertList({
    version: Version.v2,
    signature: ecdsaWithSha256(),
    // Parsed from the CA certificate's own bytes, so relying parties matching issuer to CA subject byte for byte agree.
    issuer: AsnConvert.parse(ca.certificate.subjectName.toArrayBuffer(), Name),
    thisUpdate: new Time(thisUpdate),
    nextUpdate: new Time(nextUpdate),
    revokedCertificates: sortedEntries(input.entries).map(revokedCertificate),
    crlExtensions: [
      extension(
        id_ce_authorityKeyIdentifier,
        new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(caKeyIdentifier(ca)) }),
      ),
      new Extension({ extnID: id_ce_cRLNumber, critical: false, extnValue: new OctetString(derInteger(crlNumber)) }),
    ],
  });
  if (tbsCertList.revokedCertificates!.length === 0) delete tbsCertList.revokedCertificates; // absent, not an empty SEQUENCE
  const tbs = AsnConvert.serialize(tbsCertList);
  const crl = new CertificateList({
    tbsCertList,
    signatureAlgorithm: ecdsaWithSha256(),
    signature: await signWithCa(ca, tbs),
  });
  return new Uint8Array(AsnConvert.serialize(crl));
}

export function crlToPem(der: Uint8Array): string {
  return derToPem(PEM_LABEL, der);
}

function sortedEntries(entries: readonly RevokedCertificateEntry[]): RevokedCertificateEntry[] {
  const bySerial = new Map<string, RevokedCertificateEntry>();
  for (const entry of entries) {
    const serialNumber = canonicalSerialNumber(entry.serialNumber);
    if (!isValidDate(entry.revokedAt))
      throw new PkiError('INVALID_INPUT', `revokedAt of ${serialNumber} is not a valid date`);
    if (bySerial.has(serialNumber))
      throw new PkiError('INVALID_INPUT', `serial number ${serialNumber} is listed twice`);
    bySerial.set(serialNumber, { ...entry, serialNumber });
  }
  // Numeric order: shorter magnitudes first, then hex order (canonical hex has no leading zeros).
  return [...bySerial.values()].sort(
    (a, b) => a.serialNumber.length - b.serialNumber.length || (a.serialNumber < b.serialNumber ? -1 : 1),
  );
}

function revokedCertificate(entry: RevokedCertificateEntry): RevokedCertificate {
  const code = revocationReasonCode(entry.reason);
  return new RevokedCertificate({
    userCertificate: toArrayBuffer(serialNumberToOctets(entry.serialNumber)),
    revocationDate: new Time(entry.revokedAt),
    ...(code === 0 ? {} : { crlEntryExtensions: [extension(id_ce_cRLReasons, new CRLReason(code))] }),
  });
}

function extension(extnID: string, value: object): Extension {
  return new Extension({ extnID, critical: false, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** DER INTEGER of a non-negative bigint; asn1-x509's CRLNumber holds a JS number, too small for 20 octets. */
function derInteger(value: bigint): ArrayBuffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const magnitude = Buffer.from(hex, 'hex');
  const content = magnitude[0] & 0x80 ? Buffer.concat([Buffer.of(0), magnitude]) : magnitude;
  return toArrayBuffer(Buffer.concat([Buffer.of(0x02, content.length), content]));
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}
