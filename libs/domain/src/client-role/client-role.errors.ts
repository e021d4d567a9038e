import { DomainError } from '../shared/domain-error';

export class InvalidRoleError extends DomainError {
  readonly code = 'INVALID_ROLE';
}

export class UnknownActionError extends DomainError {
  readonly code = 'UNKNOWN_ACTION';
  constructor(action: unknown) {
    super(
      `${typeof action === 'string' ? `"${action.slice(0, 64)}"` : 'a non-string'} is no client action (GET /clients/roles/available-actions lists them)`,
    );
  }
}

export class RoleNotFoundError extends DomainError {
  readonly code = 'ROLE_NOT_FOUND';
  constructor(name: string) {
    super(`The client has no role "${name}"`);
  }
}

export class RoleAlreadyExistsError extends DomainError {
  readonly code = 'ROLE_ALREADY_EXISTS';
  constructor(name: string) {
    super(`The client already has a role "${name}"`);
  }
}

export class TooManyRolesError extends DomainError {
  readonly code = 'TOO_MANY_ROLES';
  constructor(max: number) {
    super(`A client has at most ${max} roles`);
  }
}
