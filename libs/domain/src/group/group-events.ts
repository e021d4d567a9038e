import { GroupCreated } from './events/group-created.event';
import { GroupParentChanged } from './events/group-parent-changed.event';
import { GroupDeleted } from './events/group-deleted.event';

export const GROUP_EVENTS = [GroupCreated, GroupParentChanged, GroupDeleted] as const;
