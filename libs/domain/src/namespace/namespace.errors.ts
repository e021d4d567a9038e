import { DomainError } from '../shared/domain-error';

export class NamespaceNotFoundError extends DomainError {
  readonly code = 'NAMESPACE_NOT_FOUND';
  constructor(name: string) {
    super(`No namespace "${name}" is managed by certplane`);
  }
}

export class NamespaceAlreadyExistsError extends DomainError {
  readonly code = 'NAMESPACE_ALREADY_EXISTS';
  constructor(name: string) {
    super(`The namespace "${name}" already exists`);
  }
}

export class NamespaceNotEmptyError extends DomainError {
  readonly code = 'NAMESPACE_NOT_EMPTY';
  constructor(name: string, tunnels: number) {
    super(`The namespace "${name}" still has ${tunnels} tunnel(s); delete them first or ask for ?cascade=true`);
  }
}

export class ReservedNamespaceError extends DomainError {
  readonly code = 'RESERVED_NAMESPACE';
  constructor(name: string) {
    super(`The namespace "${name}" is reserved`);
  }
}
