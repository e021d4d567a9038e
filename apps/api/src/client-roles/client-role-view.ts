import { ClientRole } from '@certplane/domain';
import type { ClientRoleView } from '@certplane/api-contract';

export type { ClientRoleView } from '@certplane/api-contract';

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
