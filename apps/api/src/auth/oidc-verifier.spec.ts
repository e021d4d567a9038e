import { rolesFromClaim } from './oidc-verifier';

describe('rolesFromClaim', () => {
  it('reads an array or a space-separated string, keeping only certplane roles', () => {
    expect(rolesFromClaim({ roles: ['viewer', 'operator'] }, 'roles')).toEqual(['operator']);
    expect(rolesFromClaim({ roles: 'admin offline_access operator' }, 'roles')).toEqual(['admin', 'operator']);
    expect(rolesFromClaim({ roles: ['client'] }, 'roles')).toEqual([]);
  });

  it('walks a dotted path into nested claims (Keycloak realm_access.roles)', () => {
    expect(rolesFromClaim({ realm_access: { roles: ['admin'] } }, 'realm_access.roles')).toEqual(['admin']);
    expect(rolesFromClaim({ realm_access: 'admin' }, 'realm_access.roles')).toEqual([]);
  });

  it('gives the default role only when the claim names none, and ignores values of other types', () => {
    expect(rolesFromClaim({}, 'roles', 'operator')).toEqual(['operator']);
    expect(rolesFromClaim({ roles: [1, { admin: true }, 'admin'] }, 'roles', 'operator')).toEqual(['admin']);
    expect(rolesFromClaim({ roles: 42 }, 'roles')).toEqual([]);
  });
});
