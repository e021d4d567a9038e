import { DomainError } from '../shared/domain-error';

export class ProfileNotFoundError extends DomainError {
  readonly code = 'PROFILE_NOT_FOUND';
  constructor(name: string) {
    super(`No certificate profile named "${name}"`);
  }
}

export class ProfileAlreadyExistsError extends DomainError {
  readonly code = 'PROFILE_ALREADY_EXISTS';
  constructor(name: string) {
    super(`A certificate profile named "${name}" already exists`);
  }
}

export class ProfileInUseError extends DomainError {
  readonly code = 'PROFILE_IN_USE';
  constructor(name: string, holders: number) {
    super(`The profile "${name}" has ${holders} live client(s) under it; delete them first`);
  }
}

export class DefaultProfileReadOnlyError extends DomainError {
  readonly code = 'DEFAULT_PROFILE_READ_ONLY';
  constructor() {
    super('The default profile is built in: it cannot be defined, changed or deleted');
  }
}

export class KeyTypeNotAllowedError extends DomainError {
  readonly code = 'KEY_TYPE_NOT_ALLOWED';
  constructor(profile: string, keyType: string) {
    super(`The profile "${profile}" does not allow ${keyType} keys`);
  }
}
