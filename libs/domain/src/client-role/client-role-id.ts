/** All the roles of one client are one stream, so a name is taken once and two changes of one role cannot both pass on the same state. */
export function clientRolesStreamId(clientId: string): string {
  return `client_roles-${clientId}`;
}
