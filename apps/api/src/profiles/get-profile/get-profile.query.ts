export class GetProfileQuery {
  constructor(readonly name: string) {}
}
