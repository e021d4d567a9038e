export class GetRoleEventsQuery {
  constructor(readonly clientId: string) {}
}
