import { createHash, KeyObject, verify } from 'node:crypto';
import fc from 'fast-check';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  BasicOCSPResponse,
  CertID,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  Request,
  TBSRequest,
} from '@peculiar/asn1-ocsp';
import { AlgorithmIdentifier, Extension, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { createCertificateAuthority, type LoadedCertificateAuthority } from './certificate-authority';
import { canonicalSerialNumber, REVOCATION_REASON_CODES } from './crl-entry';
import { ECDSA_WITH_SHA256_OID } from './crl-signing';
import { certIdNamesCa, MAX_OCSP_QUESTIONS, parseOcspRequest } from './ocsp-request';
import { buildOcspResponse, type OcspCertificateStatus, ocspErrorResponse } from './ocsp-response';
import { PkiError } from './pki.errors';

const HASH_OIDS = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};
type Hash = keyof typeof HASH_OIDS;

/** A CertID as a relying party computes it from the issuer certificate (RFC 6960 4.1.1). */
function certIdFor(ca: LoadedCertificateAuthority, serialHex: string, hash: Hash = 'sha1'): CertID {
  const subject = Buffer.from(ca.certificate.subjectName.toArrayBuffer());
  const key = Buffer.from(AsnConvert.parse(ca.certificate.publicKey.rawData, SubjectPublicKeyInfo).subjectPublicKey);
  return new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: HASH_OIDS[hash], parameters: null }),
    issuerNameHash: new OctetString(createHash(hash).update(subject).digest()),
    issuerKeyHash: new OctetString(createHash(hash).update(key).digest()),
    serialNumber: new Uint8Array(Buffer.from(serialHex, 'hex')).buffer,
  });
}

function encodeRequest(certIds: CertID[], nonceExtnValue?: Uint8Array): Uint8Array {
  const tbsRequest = new TBSRequest({
    requestList: certIds.map((reqCert) => new Request({ reqCert })),
    ...(nonceExtnValue
      ? {
          requestExtensions: [
            new Extension({ extnID: id_pkix_ocsp_nonce, extnValue: new OctetString(nonceExtnValue) }),
          ],
        }
      : {}),
  });
  return new Uint8Array(AsnConvert.serialize(new OCSPRequest({ tbsRequest })));
}

/** A nonce as OpenSSL sends it: an OCTET STRING wrapped in extnValue. */
const wrappedNonce = (bytes: Uint8Array) => new Uint8Array(AsnConvert.serialize(new OctetString(bytes)));

// DER INTEGER content of a positive serial, as a certificate would carry it.
const serialOctets = fc
  .uint8Array({ minLength: 1, maxLength: 20 })
  .filter((b) => b[0] !== 0)
  .map((b) => Buffer.from(b[0] & 0x80 ? [0, ...b] : b).toString('hex'));

describe('OCSP', () => {
  let ca: LoadedCertificateAuthority;
  let otherCa: LoadedCertificateAuthority;
  beforeAll(async () => {
    [{ ca }, { ca: otherCa }] = await Promise.all([
      createCertificateAuthority({ validityDays: 30 }),
      createCertificateAuthority({ validityDays: 30 }),
    ]);
  });

  describe('parseOcspRequest', () => {
    it('reads back the serials (canonical) and the nonce of any request, in order', () => {
      fc.assert(
        fc.property(
          fc.array(serialOctets, { minLength: 1, maxLength: MAX_OCSP_QUESTIONS }),
          fc.option(fc.uint8Array({ minLength: 1, maxLength: 128 }), { nil: undefined }),
          (serials, nonce) => {
            const parsed = parseOcspRequest(
              encodeRequest(
                serials.map((s) => certIdFor(ca, s)),
                nonce && wrappedNonce(nonce),
              ),
            );
            expect(parsed.questions.map((q) => q.serialNumber)).toEqual(serials.map(canonicalSerialNumber));
            expect(parsed.nonce && Buffer.from(parsed.nonce)).toEqual(nonce && Buffer.from(wrappedNonce(nonce)));
          },
        ),
        { numRuns: 200 },
      );
    });

    it('refuses anything else as OCSP_MALFORMED_REQUEST, never another error', () => {
      const valid = encodeRequest([certIdFor(ca, '0102')]);
      const inputs = fc.oneof(
        fc.uint8Array({ maxLength: 300 }),
        fc.nat({ max: valid.length - 1 }).map((n) => valid.subarray(0, n)), // truncated
        fc.uint8Array({ minLength: 1, maxLength: 8 }).map((tail) => Uint8Array.from([...valid, ...tail])), // trailing bytes
        fc
          .tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 1, max: 255 }))
          .map(([i, x]) => valid.map((b, j) => (j === i ? b ^ x : b))), // one byte flipped
      );
      fc.assert(
        fc.property(inputs, (input) => {
          try {
            parseOcspRequest(input);
          } catch (e) {
            expect(e).toBeInstanceOf(PkiError);
            expect((e as PkiError).code).toBe('OCSP_MALFORMED_REQUEST');
          }
        }),
        { numRuns: 500 },
      );
      expect(() => parseOcspRequest(new Uint8Array())).toThrow(/OCSPRequest/);
      expect(() => parseOcspRequest(Buffer.from('hello'))).toThrow(/OCSPRequest/);
    });

    it.each([
      ['no question', () => encodeRequest([])],
      [
        'too many questions',
        () => encodeRequest(Array.from({ length: MAX_OCSP_QUESTIONS + 1 }, () => certIdFor(ca, '01'))),
      ],
      ['an empty nonce', () => encodeRequest([certIdFor(ca, '01')], wrappedNonce(new Uint8Array()))],
      ['a nonce over 128 octets', () => encodeRequest([certIdFor(ca, '01')], wrappedNonce(new Uint8Array(129)))],
    ])('refuses a request with %s', (_what, request) => {
      expect(() => parseOcspRequest(request())).toThrow(expect.objectContaining({ code: 'OCSP_MALFORMED_REQUEST' }));
    });

    it('accepts a bare (unwrapped) nonce from older clients', () => {
      expect(Buffer.from(parseOcspRequest(encodeRequest([certIdFor(ca, '01')], Buffer.alloc(16, 1))).nonce!)).toEqual(
        Buffer.alloc(16, 1),
      );
    });
  });

  describe('certIdNamesCa', () => {
    it.each(Object.keys(HASH_OIDS) as Hash[])('matches the CA by %s name and key hashes, and no other CA', (hash) => {
      expect(certIdNamesCa(certIdFor(ca, '01', hash), ca)).toBe(true);
      expect(certIdNamesCa(certIdFor(otherCa, '01', hash), ca)).toBe(false);
    });

    it('does not match a hash it does not know', () => {
      const id = certIdFor(ca, '01');
      id.hashAlgorithm = new AlgorithmIdentifier({ algorithm: '1.2.840.113549.2.5' }); // MD5
      expect(certIdNamesCa(id, ca)).toBe(false);
    });
  });

  describe('buildOcspResponse', () => {
    const status: fc.Arbitrary<OcspCertificateStatus> = fc.oneof(
      fc.constant({ status: 'good' as const }),
      fc.constant({ status: 'unknown' as const }),
      fc.record({
        status: fc.constant('revoked' as const),
        revokedAt: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) }).map((ms) => new Date(ms)),
        reason: fc.constantFrom(...Object.keys(REVOCATION_REASON_CODES)),
      }),
    );

    it('answers each question in order, echoes CertIDs and nonce, and is signed by the CA key', async () => {
      const publicKey = KeyObject.from(ca.publicKey);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(serialOctets, status), { minLength: 1, maxLength: 5 }),
          fc.option(fc.uint8Array({ minLength: 1, maxLength: 32 }), { nil: undefined }),
          async (items, nonce) => {
            const request = parseOcspRequest(
              encodeRequest(
                items.map(([s]) => certIdFor(ca, s, 'sha256')),
                nonce && wrappedNonce(nonce),
              ),
            );
            const producedAt = new Date('2031-06-15T10:20:30.456Z');
            const der = await buildOcspResponse(ca, {
              answers: request.questions.map((question, i) => ({ question, status: items[i][1] })),
              nonce: request.nonce,
              producedAt,
              nextUpdate: new Date(producedAt.getTime() + 3_600_000),
            });
            const response = AsnConvert.parse(der, OCSPResponse);
            expect(response.responseStatus).toBe(OCSPResponseStatus.successful);
            expect(response.responseBytes!.responseType).toBe(id_pkix_ocsp_basic);
            const basic = AsnConvert.parse(response.responseBytes!.response.buffer, BasicOCSPResponse);
            expect(basic.signatureAlgorithm.algorithm).toBe(ECDSA_WITH_SHA256_OID);
            const tbs = Buffer.from(AsnConvert.serialize(basic.tbsResponseData));
            expect(verify('sha256', tbs, { key: publicKey, dsaEncoding: 'der' }, Buffer.from(basic.signature))).toBe(
              true,
            );
            expect(basic.certs).toBeUndefined();

            const data = basic.tbsResponseData;
            const keyBits = AsnConvert.parse(ca.certificate.publicKey.rawData, SubjectPublicKeyInfo).subjectPublicKey;
            expect(Buffer.from(data.responderID.byKey!.buffer)).toEqual(
              createHash('sha1').update(Buffer.from(keyBits)).digest(),
            );
            expect(data.producedAt).toEqual(new Date('2031-06-15T10:20:30.000Z')); // whole seconds
            expect(data.responses).toHaveLength(items.length);
            data.responses.forEach((single, i) => {
              expect(Buffer.from(AsnConvert.serialize(single.certID))).toEqual(
                Buffer.from(AsnConvert.serialize(request.questions[i].certId)),
              );
              expect(single.thisUpdate).toEqual(data.producedAt);
              expect(single.nextUpdate).toEqual(new Date('2031-06-15T11:20:30.000Z'));
              const expected = items[i][1];
              if (expected.status === 'revoked') {
                expect(single.certStatus.revoked!.revocationTime.getTime()).toBe(
                  Math.floor(expected.revokedAt.getTime() / 1000) * 1000,
                );
                const code = REVOCATION_REASON_CODES[expected.reason as keyof typeof REVOCATION_REASON_CODES];
                expect(single.certStatus.revoked!.revocationReason?.reason).toBe(code === 0 ? undefined : code);
              } else {
                expect(single.certStatus).toEqual(expect.objectContaining({ [expected.status]: null }));
              }
            });
            const echoed = data.responseExtensions?.find((e) => e.extnID === id_pkix_ocsp_nonce);
            expect(echoed && Buffer.from(echoed.extnValue.buffer)).toEqual(request.nonce && Buffer.from(request.nonce));
          },
        ),
        { numRuns: 60 },
      );
    });

    it('refuses no answers or a nextUpdate not after producedAt', async () => {
      const question = parseOcspRequest(encodeRequest([certIdFor(ca, '01')])).questions[0];
      const at = new Date();
      await expect(
        buildOcspResponse(ca, { answers: [], producedAt: at, nextUpdate: new Date(at.getTime() + 1000) }),
      ).rejects.toThrow(PkiError);
      await expect(
        buildOcspResponse(ca, { answers: [{ question, status: { status: 'good' } }], producedAt: at, nextUpdate: at }),
      ).rejects.toThrow(/nextUpdate/);
    });
  });

  it.each(['malformedRequest', 'internalError', 'tryLater', 'unauthorized'] as const)(
    'encodes a bare %s status',
    (status) => {
      const response = AsnConvert.parse(ocspErrorResponse(status), OCSPResponse);
      expect(response.responseStatus).toBe(OCSPResponseStatus[status]);
      expect(response.responseBytes).toBeUndefined();
    },
  );
});
