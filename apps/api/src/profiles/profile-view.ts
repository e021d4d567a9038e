import { CertificateProfile } from '@certplane/domain';

/** A profile as the API answers it: its name, whether it is the built-in default, and the profile itself. */
export type ProfileView = { name: string; builtIn: boolean } & CertificateProfile;

export function profileView(name: string, profile: CertificateProfile, builtIn = false): ProfileView {
  return { name, builtIn, ...profile };
}

/** The profile fields a body may carry (beside `name` on POST). */
export const PROFILE_FIELDS = ['keyTypes', 'extendedKeyUsages', 'sans', 'subject', 'validity', 'maxValidity'] as const;

export const PROFILE_ERRORS = ['INVALID_PROFILE', 'INVALID_PROFILE_NAME', 'DEFAULT_PROFILE_READ_ONLY'] as const;
