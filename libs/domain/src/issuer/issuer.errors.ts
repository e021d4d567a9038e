import { DomainError } from '../shared/domain-error';

export class IssuerNotFoundError extends DomainError {
  readonly code = 'ISSUER_NOT_FOUND';
  constructor(issuerId: string) {
    super(`No issuer ${JSON.stringify(issuerId.slice(0, 64))}`);
  }
}

export class IssuerNotReadyError extends DomainError {
  readonly code = 'ISSUER_NOT_READY';
  constructor(issuerId: string) {
    super(`The issuer ${issuerId} has no certificate yet: PUT /pki/issuers/${issuerId}/certificate first`);
  }
}

export class IssuerExpiredError extends DomainError {
  readonly code = 'ISSUER_EXPIRED';
  constructor(issuerId: string, notAfter: string) {
    super(`The issuer ${issuerId} expired at ${notAfter}`);
  }
}

export class IssuerNotPendingError extends DomainError {
  readonly code = 'ISSUER_NOT_PENDING';
  constructor(issuerId: string) {
    super(`The issuer ${issuerId} is not an intermediate waiting for its certificate`);
  }
}

export class IssuerRetiredError extends DomainError {
  readonly code = 'ISSUER_RETIRED';
  constructor(issuerId: string) {
    super(`The issuer ${issuerId} is retired: it answers for nothing and signs nothing any more`);
  }
}
