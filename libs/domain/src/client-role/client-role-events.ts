import { EventOf } from '../shared/event-registry';
import { ClientRoleAdded } from './events/client-role-added.event';
import { ClientRoleRenamed } from './events/client-role-renamed.event';
import { ClientRoleRemoved } from './events/client-role-removed.event';
import { ClientRoleActionsAdded } from './events/client-role-actions-added.event';
import { ClientRoleActionsRemoved } from './events/client-role-actions-removed.event';
import { ClientRoleMembersAdded } from './events/client-role-members-added.event';
import { ClientRoleMembersRemoved } from './events/client-role-members-removed.event';

export const CLIENT_ROLE_EVENTS = [
  ClientRoleAdded,
  ClientRoleRenamed,
  ClientRoleRemoved,
  ClientRoleActionsAdded,
  ClientRoleActionsRemoved,
  ClientRoleMembersAdded,
  ClientRoleMembersRemoved,
] as const;

/** Every event of a client's roles, its payload typed by its name: a switch on `type` narrows `data`. */
export type ClientRoleEvent = EventOf<(typeof CLIENT_ROLE_EVENTS)[number]>;
