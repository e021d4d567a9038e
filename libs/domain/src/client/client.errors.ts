import { DomainError } from '../shared/domain-error';

export class ClientAlreadyExistsError extends DomainError {
  readonly code = 'CLIENT_ALREADY_EXISTS';
  constructor(name: string) {
    super(`A client named "${name}" is already enrolled`);
  }
}

export class ClientNotFoundError extends DomainError {
  readonly code = 'CLIENT_NOT_FOUND';
  constructor(what: string) {
    super(`No enrolled client ${what}`);
  }
}

export class InvalidClientNameError extends DomainError {
  readonly code = 'INVALID_NAME';
}

export class ReservedClientNameError extends DomainError {
  readonly code = 'RESERVED_NAME';
  constructor(name: string) {
    super(`The name "${name}" is reserved`);
  }
}

export class InvalidTopicsError extends DomainError {
  readonly code = 'INVALID_TOPICS';
}

export class UnknownTopicError extends DomainError {
  readonly code = 'UNKNOWN_TOPIC';
  constructor(role: string, topic: string) {
    super(`No endpoints are configured for the topic "${topic}" (topics.${role})`);
  }
}

export class DuplicateIpError extends DomainError {
  readonly code = 'DUPLICATE_IP';
  constructor(ip: string) {
    super(`A live client already holds the ip ${ip}`);
  }
}

export class DuplicateSanError extends DomainError {
  readonly code = 'DUPLICATE_SAN';
  constructor() {
    super('A live client already holds one of these SANs');
  }
}

export class DuplicateHostnameError extends DomainError {
  readonly code = 'DUPLICATE_HOSTNAME';
  constructor(hostname: string) {
    super(`A live client already holds the hostname ${hostname}`);
  }
}

export class InvalidTagsError extends DomainError {
  readonly code = 'INVALID_TAGS';
}

export class InvalidMetadataError extends DomainError {
  readonly code = 'INVALID_METADATA';
}

/** Certificates are not issued or registered for a disabled client; enable it first. */
export class ClientDisabledError extends DomainError {
  readonly code = 'CLIENT_DISABLED';
  constructor() {
    super('The client is disabled');
  }
}

/** A serial number belongs to one certificate of one client. */
export class CertificateAlreadyRegisteredError extends DomainError {
  readonly code = 'CERTIFICATE_ALREADY_REGISTERED';
  constructor(serialNumber: string) {
    super(`The certificate with serial ${serialNumber} is already held by a client`);
  }
}

/** A client holds at most so many valid certificates at once; revoke one (renew with revokeOld) first. */
export class CertificateLimitReachedError extends DomainError {
  readonly code = 'CERTIFICATE_LIMIT_REACHED';
  constructor(limit: number) {
    super(
      `The client already holds ${limit} valid certificates, the most it may hold; renew with revokeOld, or delete and enrol it again`,
    );
  }
}

/** Only RFC 5280's reasons that apply to a client certificate, spelt as RFC 5280 spells them. */
export class InvalidRevocationReasonError extends DomainError {
  readonly code = 'INVALID_REVOCATION_REASON';
}

/** No client holds a certificate with this serial: unknown, another CA's, or certplane's own HTTPS certificate. */
export class CertificateNotFoundError extends DomainError {
  readonly code = 'CERTIFICATE_NOT_FOUND';
  constructor(serialNumber: string) {
    super(`No client holds a certificate with serial ${serialNumber}`);
  }
}

export class CertificateAlreadyRevokedError extends DomainError {
  readonly code = 'CERTIFICATE_ALREADY_REVOKED';
  constructor(serialNumber: string, reason: string) {
    super(`The certificate with serial ${serialNumber} is already revoked (${reason})`);
  }
}

/** Release is for a certificate on hold; a disable's hold stays (enable issues a new certificate). */
export class CertificateNotOnHoldError extends DomainError {
  readonly code = 'CERTIFICATE_NOT_ON_HOLD';
  constructor(serialNumber: string, why: string) {
    super(`The certificate with serial ${serialNumber} ${why}`);
  }
}
