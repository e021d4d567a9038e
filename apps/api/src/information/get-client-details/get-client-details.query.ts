export class GetClientDetailsQuery {
  constructor(readonly clientId: string) {}
}
