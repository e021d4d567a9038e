import { ClientRole } from '@certplane/domain';

/** A role as every answer of the roles API shows it. */
export interface ClientRoleView {
  name: string;
  client_id: string;
  actions: string[];
  members: string[];
  created_at: string;
  updated_at: string;
}

export function clientRoleView(clientId: string, r: ClientRole): ClientRoleView {
  return {
    name: r.name,
    client_id: clientId,
    actions: [...r.actions],
    members: [...r.members],
    created_at: r.created!.toISOString(),
    updated_at: r.updated!.toISOString(),
  };
}
