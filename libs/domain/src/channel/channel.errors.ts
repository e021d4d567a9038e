import { DomainError } from '../shared/domain-error';

export class ChannelNotFoundError extends DomainError {
  readonly code = 'CHANNEL_NOT_FOUND';
  constructor(what = 'with that id') {
    super(`No channel ${what}`);
  }
}

export class ChannelRouteTakenError extends DomainError {
  readonly code = 'ROUTE_ALREADY_TAKEN';
  constructor(route: string) {
    super(`A live channel already has the route "${route}"`);
  }
}

export class InvalidRouteError extends DomainError {
  readonly code = 'INVALID_ROUTE';
}

export class InvalidConnectionError extends DomainError {
  readonly code = 'INVALID_CONNECTION';
}

export class ConnectionAlreadyExistsError extends DomainError {
  readonly code = 'CONNECTION_ALREADY_EXISTS';
  constructor(clientId: string, type: string) {
    super(`The client ${clientId} is already connected to this channel to ${type}`);
  }
}

export class ConnectionNotFoundError extends DomainError {
  readonly code = 'CONNECTION_NOT_FOUND';
  constructor(clientId: string, type: string) {
    super(`The client ${clientId} is not connected to this channel to ${type}`);
  }
}
