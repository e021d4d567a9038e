import { isClientId } from '../client/client-id';
import { InvalidRoleError } from './client-role.errors';

/** A role holds at most this many members and a client at most this many roles: each role is folded on every member's request. */
export const MAX_ROLE_MEMBERS = 1000;
export const MAX_CLIENT_ROLES = 64;

// The forms a principal's actor takes (apps/api/src/auth/principal.ts): a named token, an OIDC subject, a client certificate's client.
const TOKEN_MEMBER = /^token:[a-z0-9][a-z0-9._-]{0,63}$/;
const OIDC_MEMBER = /^oidc:[\x21-\x7e]{1,255}$/;
const CERTIFICATE_PREFIX = 'certificate:';

/** A member is named as certplane names the principal in events: `token:<name>`, `oidc:<sub>`, `certificate:<client id>`. */
export function isRoleMember(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (value.startsWith(CERTIFICATE_PREFIX)) return isClientId(value.slice(CERTIFICATE_PREFIX.length));
  return TOKEN_MEMBER.test(value) || OIDC_MEMBER.test(value);
}

export function assertValidMembers(value: unknown, atLeastOne: boolean): string[] {
  if (!Array.isArray(value) || (atLeastOne && value.length === 0) || value.length > MAX_ROLE_MEMBERS)
    throw new InvalidRoleError(`members must be an array of ${atLeastOne ? 1 : 0}-${MAX_ROLE_MEMBERS} members`);
  if (!value.every(isRoleMember))
    throw new InvalidRoleError('each of members must be token:<name>, oidc:<subject> or certificate:<client id>');
  if (new Set(value).size !== value.length) throw new InvalidRoleError('members names a member twice');
  return [...(value as string[])];
}

const ROLE_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

export function assertValidRoleName(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !ROLE_NAME.test(value))
    throw new InvalidRoleError('name must be 1-64 characters of a-z 0-9 _ . -, starting with a letter or digit');
}
