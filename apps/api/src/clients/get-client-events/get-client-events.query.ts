export class GetClientEventsQuery {
  constructor(readonly clientId: string) {}
}
