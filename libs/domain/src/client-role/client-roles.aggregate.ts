import { ClientRoleEvent } from './client-role-events';
import { actionsGrant, assertValidActions, ClientAction, CLIENT_ACTIONS } from './client-actions';
import { RoleAlreadyExistsError, RoleNotFoundError, TooManyRolesError } from './client-role.errors';
import { assertValidMembers, assertValidRoleName, MAX_CLIENT_ROLES, MAX_ROLE_MEMBERS } from './role-member';
import { InvalidRoleError } from './client-role.errors';
import { ClientRoleAdded } from './events/client-role-added.event';
import { ClientRoleRenamed } from './events/client-role-renamed.event';
import { ClientRoleRemoved } from './events/client-role-removed.event';
import { ClientRoleActionsAdded } from './events/client-role-actions-added.event';
import { ClientRoleActionsRemoved } from './events/client-role-actions-removed.event';
import { ClientRoleMembersAdded } from './events/client-role-members-added.event';
import { ClientRoleMembersRemoved } from './events/client-role-members-removed.event';

export interface ClientRole {
  readonly name: string;
  /** In CLIENT_ACTIONS order, so an answer does not depend on the order they were granted in. */
  readonly actions: readonly ClientAction[];
  /** In the order they were added. */
  readonly members: readonly string[];
  readonly created?: Date;
  readonly updated?: Date;
}

/**
 * The roles of one client, as one stream (clientRolesStreamId): names are unique within it and
 * every change is decided on its version. Adding what a role holds already, or removing what it
 * does not hold, records nothing for those items, so a repeated request changes nothing.
 * The stream outlives its client; a deleted client's roles grant nothing, since every route a member
 * may call acts on a live client.
 */
export class ClientRoles {
  private constructor(
    readonly clientId: string,
    readonly version: number,
    /** In the order they were added. */
    readonly roles: ReadonlyMap<string, ClientRole>,
  ) {}

  static fromHistory(clientId: string, history: readonly (ClientRoleEvent & { recordedAt?: Date })[]): ClientRoles {
    return history.reduce((r, e) => r.apply(e), new ClientRoles(clientId, 0, new Map()));
  }

  role(name: string): ClientRole {
    const role = this.roles.get(name);
    if (!role) throw new RoleNotFoundError(name);
    return role;
  }

  /** Everything `member` may do to the client, over all its roles. */
  actionsOf(member: string): Set<ClientAction> {
    const held = new Set<ClientAction>();
    for (const role of this.roles.values())
      if (role.members.includes(member)) for (const a of role.actions) held.add(a);
    return held;
  }

  may(member: string, action: ClientAction): boolean {
    return actionsGrant(this.actionsOf(member), action);
  }

  add(input: { name: unknown; actions?: unknown; members?: unknown }): ClientRoleEvent[] {
    assertValidRoleName(input.name);
    // Left out, a list is empty; null is no list, refused as the other fields' nulls are.
    const actions = assertValidActions(input.actions === undefined ? [] : input.actions, false);
    const members = assertValidMembers(input.members === undefined ? [] : input.members, false);
    if (this.roles.has(input.name)) throw new RoleAlreadyExistsError(input.name);
    if (this.roles.size >= MAX_CLIENT_ROLES) throw new TooManyRolesError(MAX_CLIENT_ROLES);
    return [ClientRoleAdded.create({ clientId: this.clientId, name: input.name, actions: inOrder(actions), members })];
  }

  rename(name: string, newName: unknown): ClientRoleEvent[] {
    this.role(name);
    assertValidRoleName(newName);
    if (newName === name) return [];
    if (this.roles.has(newName)) throw new RoleAlreadyExistsError(newName);
    return [ClientRoleRenamed.create({ clientId: this.clientId, name, newName })];
  }

  remove(name: string): ClientRoleEvent[] {
    this.role(name);
    return [ClientRoleRemoved.create({ clientId: this.clientId, name })];
  }

  addActions(name: string, value: unknown): ClientRoleEvent[] {
    const role = this.role(name);
    const actions = assertValidActions(value, true).filter((a) => !role.actions.includes(a));
    return actions.length === 0
      ? []
      : [ClientRoleActionsAdded.create({ clientId: this.clientId, name, actions: inOrder(actions) })];
  }

  /** `value` undefined: every action the role holds. */
  removeActions(name: string, value: unknown): ClientRoleEvent[] {
    const role = this.role(name);
    const actions =
      value === undefined ? [...role.actions] : assertValidActions(value, true).filter((a) => role.actions.includes(a));
    return actions.length === 0
      ? []
      : [ClientRoleActionsRemoved.create({ clientId: this.clientId, name, actions: inOrder(actions) })];
  }

  addMembers(name: string, value: unknown): ClientRoleEvent[] {
    const role = this.role(name);
    const members = assertValidMembers(value, true).filter((m) => !role.members.includes(m));
    if (role.members.length + members.length > MAX_ROLE_MEMBERS)
      throw new InvalidRoleError(`a role has at most ${MAX_ROLE_MEMBERS} members`);
    return members.length === 0 ? [] : [ClientRoleMembersAdded.create({ clientId: this.clientId, name, members })];
  }

  /** `value` undefined: every member of the role. */
  removeMembers(name: string, value: unknown): ClientRoleEvent[] {
    const role = this.role(name);
    const members =
      value === undefined ? [...role.members] : assertValidMembers(value, true).filter((m) => role.members.includes(m));
    return members.length === 0 ? [] : [ClientRoleMembersRemoved.create({ clientId: this.clientId, name, members })];
  }

  private apply(e: ClientRoleEvent & { recordedAt?: Date }): ClientRoles {
    const roles = new Map(this.roles);
    const at = e.recordedAt;
    const change = (name: string, f: (r: ClientRole) => Partial<ClientRole>) => {
      const role = roles.get(name);
      if (role) roles.set(name, { ...role, ...f(role), updated: at ?? role.updated });
    };
    switch (e.type) {
      case ClientRoleAdded.type: {
        const d = e.data;
        roles.set(d.name, { name: d.name, actions: inOrder(d.actions), members: d.members, created: at, updated: at });
        break;
      }
      case ClientRoleRenamed.type: {
        const d = e.data;
        const role = roles.get(d.name);
        if (role) {
          // A rename keeps the role's place in the order of roles.
          const renamed = [...roles].map(([n, r]): [string, ClientRole] =>
            n === d.name ? [d.newName, { ...r, name: d.newName, updated: at ?? r.updated }] : [n, r],
          );
          return new ClientRoles(this.clientId, this.version + 1, new Map(renamed));
        }
        break;
      }
      case ClientRoleRemoved.type:
        roles.delete(e.data.name);
        break;
      case ClientRoleActionsAdded.type: {
        const d = e.data;
        change(d.name, (r) => ({ actions: inOrder([...r.actions, ...d.actions]) }));
        break;
      }
      case ClientRoleActionsRemoved.type: {
        const d = e.data;
        change(d.name, (r) => ({ actions: r.actions.filter((a) => !d.actions.includes(a)) }));
        break;
      }
      case ClientRoleMembersAdded.type: {
        const d = e.data;
        change(d.name, (r) => ({ members: [...r.members, ...d.members.filter((m) => !r.members.includes(m))] }));
        break;
      }
      case ClientRoleMembersRemoved.type: {
        const d = e.data;
        change(d.name, (r) => ({ members: r.members.filter((m) => !d.members.includes(m)) }));
        break;
      }
    }
    return new ClientRoles(this.clientId, this.version + 1, roles);
  }
}

function inOrder(actions: readonly ClientAction[]): ClientAction[] {
  const set = new Set(actions);
  return CLIENT_ACTIONS.filter((a) => set.has(a));
}
