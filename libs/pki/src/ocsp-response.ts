import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  BasicOCSPResponse,
  CertStatus,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce,
  KeyHash,
  OCSPResponse,
  OCSPResponseStatus,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
} from '@peculiar/asn1-ocsp';
import { CRLReason, Extension } from '@peculiar/asn1-x509';
import type { LoadedCertificateAuthority } from './certificate-authority';
import { revocationReasonCode } from './crl-entry';
import { caPublicKeyBits, ecdsaWithSha256, signWithCa } from './crl-signing';
import type { OcspQuestion } from './ocsp-request';
import { PkiError } from './pki.errors';

export type OcspCertificateStatus =
  { status: 'good' } | { status: 'revoked'; revokedAt: Date; reason: string } | { status: 'unknown' };

export interface OcspAnswer {
  question: OcspQuestion;
  status: OcspCertificateStatus;
}

export interface BuildOcspResponseInput {
  answers: readonly OcspAnswer[];
  /** The request's nonce extnValue, echoed */
  nonce?: ArrayBuffer;
  /** producedAt, and thisUpdate of every answer: they are read from the current state */
  producedAt: Date;
  /** How long a relying party may rely on these answers */
  nextUpdate: Date;
}

export type OcspErrorStatus = 'malformedRequest' | 'internalError' | 'tryLater' | 'unauthorized';

/**
 * A successful OCSPResponse (RFC 6960 4.2): a BasicOCSPResponse signed by the CA itself, its responder named
 * by key hash, one SingleResponse per question in the question's order. No certificates are attached: a CA
 * answering for its own certificates needs no delegation, and clients hold the CA already. Returns the DER.
 */
export async function buildOcspResponse(
  ca: LoadedCertificateAuthority,
  input: BuildOcspResponseInput,
): Promise<Uint8Array> {
  const producedAt = wholeSeconds(input.producedAt);
  const nextUpdate = wholeSeconds(input.nextUpdate);
  if (!(nextUpdate.getTime() > producedAt.getTime()))
    throw new PkiError('INVALID_INPUT', 'nextUpdate must be later than producedAt');
  if (input.answers.length === 0) throw new PkiError('INVALID_INPUT', 'an OCSP response answers at least one question');
  const tbsResponseData = new ResponseData({
    responderID: new ResponderID({ byKey: new KeyHash(createHash('sha1').update(caPublicKeyBits(ca)).digest()) }),
    producedAt,
    responses: input.answers.map(
      ({ question, status }) =>
        new SingleResponse({
          certID: question.certId,
          certStatus: certStatus(status),
          thisUpdate: producedAt,
          nextUpdate,
        }),
    ),
    ...(input.nonce
      ? {
          responseExtensions: [
            new Extension({ extnID: id_pkix_ocsp_nonce, critical: false, extnValue: new OctetString(input.nonce) }),
          ],
        }
      : {}),
  });
  const basic = new BasicOCSPResponse({
    tbsResponseData,
    signatureAlgorithm: ecdsaWithSha256(),
    signature: await signWithCa(ca, AsnConvert.serialize(tbsResponseData)),
  });
  return encode(
    new OCSPResponse({
      responseStatus: OCSPResponseStatus.successful,
      responseBytes: new ResponseBytes({
        responseType: id_pkix_ocsp_basic,
        response: new OctetString(AsnConvert.serialize(basic)),
      }),
    }),
  );
}

/** An unsuccessful OCSPResponse: the status alone, unsigned, as RFC 6960 4.2.1 has it. */
export function ocspErrorResponse(status: OcspErrorStatus): Uint8Array {
  return encode(new OCSPResponse({ responseStatus: OCSPResponseStatus[status] }));
}

function certStatus(answer: OcspCertificateStatus): CertStatus {
  switch (answer.status) {
    case 'good':
      return new CertStatus({ good: null });
    case 'unknown':
      return new CertStatus({ unknown: null });
    case 'revoked': {
      const code = revocationReasonCode(answer.reason);
      // As in the CRL, an unspecified reason is left out rather than stated.
      return new CertStatus({
        revoked: new RevokedInfo({
          revocationTime: wholeSeconds(answer.revokedAt),
          ...(code === 0 ? {} : { revocationReason: new CRLReason(code) }),
        }),
      });
    }
  }
}

function encode(response: OCSPResponse): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(response));
}

/** GeneralizedTime in OCSP carries no fractional seconds (RFC 5280 4.1.2.5.2, which RFC 6960 follows). */
function wholeSeconds(date: Date): Date {
  if (!(date instanceof Date) || Number.isNaN(date.getTime()))
    throw new PkiError('INVALID_INPUT', 'OCSP times must be valid dates');
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
