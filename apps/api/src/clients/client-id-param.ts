import { ClientNotFoundError, isClientId } from '@certplane/domain';

/** A path id that cannot be a client id is answered like an unknown one, before any query runs. */
export function assertClientIdParam(id: string): string {
  if (!isClientId(id)) throw new ClientNotFoundError('with that id');
  return id;
}
