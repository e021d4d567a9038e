import fc from 'fast-check';
import { ClientRoleEvent } from './client-role-events';
import { CLIENT_ACTIONS } from './client-actions';
import { ClientRoles } from './client-roles.aggregate';
import { assertValidActions, actionsGrant } from './client-actions';
import { isRoleMember } from './role-member';

const CLIENT = 'a'.repeat(32);

/** Applies what each step decides, as the repository does. */
function run(...steps: ((r: ClientRoles) => ClientRoleEvent[])[]): { roles: ClientRoles; events: ClientRoleEvent[] } {
  const events: ClientRoleEvent[] = [];
  let roles = ClientRoles.fromHistory(CLIENT, []);
  for (const step of steps) {
    events.push(...step(roles));
    roles = ClientRoles.fromHistory(CLIENT, events);
  }
  return { roles, events };
}

describe('ClientRoles', () => {
  it('grants a member the union of its roles, and nothing once it leaves them', () => {
    const { roles } = run(
      (r) => r.add({ name: 'publisher', actions: ['publish'], members: ['token:alice'] }),
      (r) => r.add({ name: 'viewer', actions: ['view'], members: ['token:alice', 'oidc:bob'] }),
    );
    expect([...roles.actionsOf('token:alice')].sort()).toEqual(['publish', 'view']);
    expect(roles.may('oidc:bob', 'publish')).toBe(false);
    const after = run(
      (r) => r.add({ name: 'publisher', actions: ['publish'], members: ['token:alice'] }),
      (r) => r.removeMembers('publisher', undefined),
    ).roles;
    expect(after.may('token:alice', 'publish')).toBe(false);
  });

  it('records only what changes: a repeated add or remove decides nothing', () => {
    const { roles } = run((r) => r.add({ name: 'r', actions: ['view'], members: ['token:a'] }));
    expect(roles.addActions('r', ['view'])).toEqual([]);
    expect(roles.addMembers('r', ['token:a'])).toEqual([]);
    expect(roles.removeActions('r', ['delete'])).toEqual([]);
    expect(roles.removeMembers('r', ['token:b'])).toEqual([]);
    expect(roles.rename('r', 'r')).toEqual([]);
  });

  it('keeps names unique, renames in place, and refuses unknown roles and actions', () => {
    const { roles } = run(
      (r) => r.add({ name: 'one' }),
      (r) => r.add({ name: 'two' }),
      (r) => r.rename('one', 'first'),
    );
    expect([...roles.roles.keys()]).toEqual(['first', 'two']);
    expect(() => roles.add({ name: 'two' })).toThrow(expect.objectContaining({ code: 'ROLE_ALREADY_EXISTS' }));
    expect(() => roles.rename('first', 'two')).toThrow(expect.objectContaining({ code: 'ROLE_ALREADY_EXISTS' }));
    expect(() => roles.remove('one')).toThrow(expect.objectContaining({ code: 'ROLE_NOT_FOUND' }));
    expect(() => roles.addActions('two', ['fly'])).toThrow(expect.objectContaining({ code: 'UNKNOWN_ACTION' }));
    expect(() => roles.add({ name: 'three', actions: null })).toThrow(
      expect.objectContaining({ code: 'INVALID_ROLE' }),
    );
    expect(() => roles.add({ name: 'three', members: null })).toThrow(
      expect.objectContaining({ code: 'INVALID_ROLE' }),
    );
  });

  it('connect_to_channel holds publish and subscribe, and no other action holds more than itself', () => {
    fc.assert(
      fc.property(fc.subarray([...CLIENT_ACTIONS]), fc.constantFrom(...CLIENT_ACTIONS), (held, wanted) => {
        const granted = actionsGrant(new Set(held), wanted);
        const expected =
          held.includes(wanted) ||
          ((wanted === 'publish' || wanted === 'subscribe') && held.includes('connect_to_channel'));
        expect(granted).toBe(expected);
      }),
    );
  });

  it('accepts every action list of distinct known actions and refuses any with an unknown one', () => {
    fc.assert(
      fc.property(fc.subarray([...CLIENT_ACTIONS]), fc.string(), (actions, stranger) => {
        expect(assertValidActions(actions, false)).toEqual(actions);
        if (!(CLIENT_ACTIONS as readonly string[]).includes(stranger))
          expect(() => assertValidActions([...actions, stranger], false)).toThrow(
            expect.objectContaining({ code: 'UNKNOWN_ACTION' }),
          );
      }),
    );
  });

  it('takes as members exactly the actors principals have', () => {
    const tokenName = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,63}$/);
    const subject = fc.stringMatching(/^[\x21-\x7e]{1,255}$/);
    const clientId = fc.stringMatching(/^[0-9a-f]{32}$/);
    fc.assert(
      fc.property(
        fc.oneof(
          tokenName.map((n) => `token:${n}`),
          subject.map((s) => `oidc:${s}`),
          clientId.map((c) => `certificate:${c}`),
        ),
        (actor) => expect(isRoleMember(actor)).toBe(true),
      ),
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        if (!/^(token|oidc|certificate):/.test(s)) expect(isRoleMember(s)).toBe(false);
      }),
    );
    for (const bad of [
      'token:',
      'token:Alice',
      'oidc:a b',
      'certificate:xyz',
      `certificate:${'A'.repeat(32)}`,
      'alice',
    ])
      expect(isRoleMember(bad)).toBe(false);
  });
});
