import { DomainError } from '../shared/domain-error';

export class TunnelNotFoundError extends DomainError {
  readonly code = 'TUNNEL_NOT_FOUND';
  /** Without a namespace, `name` is whatever identifies the tunnel (its id, when loading a stream). */
  constructor(name: string, namespace?: string) {
    super(`No tunnel "${name}"${namespace === undefined ? '' : ` in the namespace "${namespace}"`}`);
  }
}

export class TunnelAlreadyExistsError extends DomainError {
  readonly code = 'TUNNEL_ALREADY_EXISTS';
  constructor(name: string, namespace: string) {
    super(`A tunnel "${name}" already exists in the namespace "${namespace}"`);
  }
}
