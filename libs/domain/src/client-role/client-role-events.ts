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
