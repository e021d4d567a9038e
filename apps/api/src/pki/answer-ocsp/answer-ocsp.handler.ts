import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { APP_LOGGER, AppLogger } from '@certplane/platform';
import {
  buildOcspResponse,
  canonicalSerialNumber,
  certIdNamesCa,
  isIssuedBy,
  LoadedCertificateAuthority,
  OcspCertificateStatus,
  ocspErrorResponse,
  OcspQuestion,
  parseOcspRequest,
  ParsedOcspRequest,
  PkiError,
} from '@certplane/pki';
import { CertificateAuthorityStore } from '@certplane/vault';
import { AnswerOcspQuery } from './answer-ocsp.query';

export interface OcspHttpAnswer {
  /** DER OCSPResponse */
  response: Uint8Array;
  /** For a signed answer: until when HTTP caches may keep it (its nextUpdate) */
  nextUpdate?: Date;
  /** tryLater because the issuer asked about cannot sign now (its key would not open): HTTP 503 */
  keyUnavailable?: boolean;
}

interface CertificateRow {
  serial_number: string;
  status: string;
  revoked_at: Date | null;
  revocation_reason: string | null;
  certificate_pem: string;
  not_after: Date;
}

const MINUTE_MS = 60_000;

/**
 * RFC 6960 responder answering from rm_certificates, signed by the issuer the request names (each issuer
 * answers for its own certificates until they expire). A certificate is "good" when
 * the read model holds it as issued by this CA, within its validity and not revoked, "revoked" (with time and
 * reason) when it is revoked, expired or not, and "unknown" otherwise: another issuer, a hash we do not compute,
 * a serial not (yet) projected, or a certificate past its notAfter that was never revoked. RFC 6960 allows
 * "good" for that one, but certplane vouches for nothing past a certificate's validity (its CRL drops expired
 * entries too), so a relying party that skipped the validity check gets no positive answer.
 * What cannot be read as an OCSP request gets malformedRequest, and a failure of ours internalError, so an
 * OCSP client always receives an OCSP answer rather than a JSON error. A retired issuer's certificates get
 * unauthorized (RFC 6960 2.3, RFC 5019 2.2.3: this responder no longer answers for them; they have all
 * expired); an issuer whose key would not open gets tryLater, sent as HTTP 503.
 */
@QueryHandler(AnswerOcspQuery)
export class AnswerOcspHandler implements IQueryHandler<AnswerOcspQuery, OcspHttpAnswer> {
  constructor(
    private readonly ds: DataSource,
    private readonly caStore: CertificateAuthorityStore,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  async execute({ request }: AnswerOcspQuery): Promise<OcspHttpAnswer> {
    let parsed: ParsedOcspRequest;
    try {
      parsed = parseOcspRequest(request);
    } catch (e) {
      if (e instanceof PkiError && e.code === 'OCSP_MALFORMED_REQUEST')
        return { response: ocspErrorResponse('malformedRequest') };
      throw e;
    }
    try {
      // Answered and signed by the issuer the request names; one that names none of them gets "unknown".
      const { active, all, unavailable, retired } = await this.caStore.issuers();
      const names = (ca: Parameters<typeof certIdNamesCa>[1]) =>
        parsed.questions.some((q) => certIdNamesCa(q.certId, ca));
      const named = all.find((i) => names(i.ca));
      if (!named && unavailable.some(names)) return { response: ocspErrorResponse('tryLater'), keyUnavailable: true };
      if (!named && retired.some(names)) return { response: ocspErrorResponse('unauthorized') };
      const ca = (named ?? active).ca;
      const statuses = await this.statuses(ca, parsed.questions);
      const producedAt = new Date();
      const nextUpdate = new Date(producedAt.getTime() + this.config.revocation.ocspValidityMinutes * MINUTE_MS);
      const answers = parsed.questions.map((question, i) => ({ question, status: statuses[i] }));
      return {
        response: await buildOcspResponse(ca, { answers, nonce: parsed.nonce, producedAt, nextUpdate }),
        nextUpdate,
      };
    } catch (e) {
      this.logger.error('OCSP request failed', { error: (e as Error).message });
      return { response: ocspErrorResponse('internalError') };
    }
  }

  private async statuses(ca: LoadedCertificateAuthority, questions: OcspQuestion[]): Promise<OcspCertificateStatus[]> {
    const ours = questions.map((q) => certIdNamesCa(q.certId, ca));
    const serials = [...new Set(questions.filter((_, i) => ours[i]).map((q) => q.serialNumber))];
    // The read model spells serials as @peculiar/x509 reports them, which is the canonical form for DER serials.
    const rows: CertificateRow[] = serials.length
      ? await this.ds.query(
          `SELECT serial_number, status, revoked_at, revocation_reason, certificate_pem, not_after FROM rm_certificates WHERE serial_number = ANY($1::text[])`,
          [serials],
        )
      : [];
    const bySerial = new Map(
      rows.filter((r) => isIssuedBy(r.certificate_pem, ca)).map((r) => [canonicalSerialNumber(r.serial_number), r]),
    );
    const now = Date.now();
    return questions.map((q, i) => {
      const row = ours[i] ? bySerial.get(q.serialNumber) : undefined;
      if (!row) return { status: 'unknown' };
      if (row.status === 'revoked')
        return {
          status: 'revoked',
          revokedAt: new Date(row.revoked_at!),
          reason: row.revocation_reason ?? 'unspecified',
        };
      if (new Date(row.not_after).getTime() < now) return { status: 'unknown' };
      return { status: 'good' };
    });
  }
}
