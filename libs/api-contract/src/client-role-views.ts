/** A role as every answer of the roles API shows it. */
export interface ClientRoleView {
  name: string;
  client_id: string;
  actions: string[];
  members: string[];
  created_at: string;
  updated_at: string;
}
