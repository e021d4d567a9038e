import { DomainError } from '../shared/domain-error';

export class GroupNotFoundError extends DomainError {
  readonly code = 'GROUP_NOT_FOUND';
  constructor(what = 'with that id') {
    super(`No group ${what}`);
  }
}

export class InvalidGroupError extends DomainError {
  readonly code = 'INVALID_GROUP';
}

export class GroupCycleError extends DomainError {
  readonly code = 'GROUP_CYCLE';
  constructor() {
    super('A group cannot be its own ancestor: the parent named is the group or one of its descendants');
  }
}

export class GroupNotEmptyError extends DomainError {
  readonly code = 'GROUP_NOT_EMPTY';
  constructor(what: string) {
    super(`The group still has ${what}: move or delete them first`);
  }
}
