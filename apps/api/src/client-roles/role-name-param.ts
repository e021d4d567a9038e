import { assertValidRoleName, RoleNotFoundError } from '@certplane/domain';

/** A path name that cannot be a role's is answered like an unknown one. */
export function assertRoleNameParam(name: string): string {
  try {
    assertValidRoleName(name);
  } catch {
    throw new RoleNotFoundError(name.slice(0, 64));
  }
  return name;
}
