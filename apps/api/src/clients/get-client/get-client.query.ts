export class GetClientQuery {
  constructor(
    readonly clientId: string,
    /** Undefined: now. */
    readonly at?: Date,
  ) {}
}
