import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';
import { PROFILE_SCHEMA } from './profile-defined.event';

/** A replacement, not a patch: the profile after the change, whole. Certificates issued before keep what they say. */
export const ProfileChanged = defineEvent({
  type: 'ProfileChanged',
  schemaVersion: 1,
  category: 'profile',
  schema: z.object({ profileId: z.string(), name: z.string(), profile: PROFILE_SCHEMA }),
});
export type ProfileChangedData = z.infer<typeof ProfileChanged.schema>;
