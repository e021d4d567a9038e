export class GetProfileEventsQuery {
  constructor(readonly name: string) {}
}
