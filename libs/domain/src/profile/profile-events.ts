import { ProfileChanged } from './events/profile-changed.event';
import { ProfileDefined } from './events/profile-defined.event';
import { ProfileDeleted } from './events/profile-deleted.event';

export const PROFILE_EVENTS = [ProfileDefined, ProfileChanged, ProfileDeleted] as const;
