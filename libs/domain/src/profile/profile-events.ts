import { EventOf } from '../shared/event-registry';
import { ProfileChanged } from './events/profile-changed.event';
import { ProfileDefined } from './events/profile-defined.event';
import { ProfileDeleted } from './events/profile-deleted.event';

export const PROFILE_EVENTS = [ProfileDefined, ProfileChanged, ProfileDeleted] as const;

/** Every event of a profile, its payload typed by its name: a switch on `type` narrows `data`. */
export type ProfileEvent = EventOf<(typeof PROFILE_EVENTS)[number]>;
