export class GetProfileQuery {
  constructor(
    readonly name: string,
    /** Undefined: now. */
    readonly at?: Date,
  ) {}
}
