export class GetGroupQuery {
  constructor(
    readonly groupId: string,
    /** Undefined: now. */
    readonly at?: Date,
  ) {}
}
export class GetGroupEventsQuery {
  constructor(readonly groupId: string) {}
}
