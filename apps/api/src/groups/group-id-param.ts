import { GroupNotFoundError, isGroupId } from '@certplane/domain';

/** A path id that cannot be a group id is answered like an unknown one, before any query runs. */
export function assertGroupIdParam(id: string): string {
  if (!isGroupId(id)) throw new GroupNotFoundError();
  return id;
}
