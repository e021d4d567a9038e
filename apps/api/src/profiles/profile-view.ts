import { CertificateProfile } from '@certplane/domain';
import type { ProfileView } from '@certplane/api-contract';

export type { ProfileView } from '@certplane/api-contract';

export function profileView(name: string, profile: CertificateProfile, builtIn = false): ProfileView {
  return { name, builtIn, ...profile };
}

/** The profile fields a body may carry (beside `name` on POST). */
export const PROFILE_FIELDS = ['keyTypes', 'extendedKeyUsages', 'sans', 'subject', 'validity', 'maxValidity'] as const;

export const PROFILE_ERRORS = ['INVALID_PROFILE', 'INVALID_PROFILE_NAME', 'DEFAULT_PROFILE_READ_ONLY'] as const;
