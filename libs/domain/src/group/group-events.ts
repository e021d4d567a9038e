import { EventOf } from '../shared/event-registry';
import { GroupCreated } from './events/group-created.event';
import { GroupParentChanged } from './events/group-parent-changed.event';
import { GroupDeleted } from './events/group-deleted.event';

export const GROUP_EVENTS = [GroupCreated, GroupParentChanged, GroupDeleted] as const;

/** Every event of a group, its payload typed by its name: a switch on `type` narrows `data`. */
export type GroupEvent = EventOf<(typeof GROUP_EVENTS)[number]>;
