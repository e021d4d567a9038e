/**
 * Every rule the domain enforces fails with a stable code; the HTTP edge maps codes to status
 * codes, so the domain never knows about HTTP.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Another writer appended to the stream first; the caller reloads and decides again. */
export class ConcurrencyError extends DomainError {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`Stream ${streamId} is no longer at version ${expectedVersion}`);
  }
}
