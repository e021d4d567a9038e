import { DomainError } from '../shared/domain-error';

/** The reasons a token is refused, each its own stable code; every refusal is answered after the same floor. */
export const ENROLMENT_TOKEN_REFUSALS = {
  ENROLMENT_TOKEN_UNKNOWN: 'the enrolment token is not one certplane issued',
  ENROLMENT_TOKEN_EXPIRED: 'the enrolment token has expired',
  ENROLMENT_TOKEN_USED_UP: 'the enrolment token has no uses left',
  ENROLMENT_TOKEN_REVOKED: 'the enrolment token was revoked',
  ENROLMENT_TOKEN_NOT_ALLOWED: 'the enrolment token does not allow that name or profile',
} as const;
export type EnrolmentTokenRefusal = keyof typeof ENROLMENT_TOKEN_REFUSALS;

/** A use refused; the message never carries the token, only what was wrong with it. */
export class EnrolmentTokenRefusedError extends DomainError {
  constructor(
    readonly code: EnrolmentTokenRefusal,
    detail?: string,
  ) {
    super(detail ? `${ENROLMENT_TOKEN_REFUSALS[code]}: ${detail}` : ENROLMENT_TOKEN_REFUSALS[code]);
  }
}

export class EnrolmentTokenNotFoundError extends DomainError {
  readonly code = 'ENROLMENT_TOKEN_NOT_FOUND';
  constructor(tokenId: string) {
    super(`No enrolment token with the id "${tokenId.slice(0, 64)}"`);
  }
}
