import { UnknownActionError, InvalidRoleError } from './client-role.errors';

/**
 * What a role's members may do to its client, modelled on Magistrala's client permissions (its
 * `read` is `view` here; certplane adds the lifecycle verbs it has: renew, enable, disable).
 * docs/groups-and-roles.md maps each to its routes.
 */
export const CLIENT_ACTIONS = [
  'view',
  'update',
  'renew',
  'enable',
  'disable',
  'delete',
  'set_parent_group',
  'connect_to_channel',
  'publish',
  'subscribe',
  'manage_role',
  'add_role_users',
  'remove_role_users',
  'view_role_users',
] as const;
export type ClientAction = (typeof CLIENT_ACTIONS)[number];

export function isClientAction(value: unknown): value is ClientAction {
  return typeof value === 'string' && (CLIENT_ACTIONS as readonly string[]).includes(value);
}

/** Magistrala's connect_to_channel connects a client with either type, so it holds publish and subscribe. */
export function actionsGrant(held: ReadonlySet<ClientAction>, wanted: ClientAction): boolean {
  return held.has(wanted) || ((wanted === 'publish' || wanted === 'subscribe') && held.has('connect_to_channel'));
}

/** Distinct known actions; `atLeastOne` for the routes that add or remove them. */
export function assertValidActions(value: unknown, atLeastOne: boolean): ClientAction[] {
  if (!Array.isArray(value) || (atLeastOne && value.length === 0))
    throw new InvalidRoleError(`actions must be an array of ${atLeastOne ? 1 : 0} or more distinct actions`);
  const unknown = value.find((a) => !isClientAction(a));
  if (unknown !== undefined) throw new UnknownActionError(unknown);
  // Distinct known actions cannot be more than CLIENT_ACTIONS, so this also bounds the length.
  if (new Set(value).size !== value.length) throw new InvalidRoleError('actions names an action twice');
  return [...(value as ClientAction[])];
}
