export class GetRolesQuery {
  constructor(
    readonly clientId: string,
    /** Undefined: now. */
    readonly at?: Date,
  ) {}
}
