export class ListTunnelsQuery {
  constructor(
    /** Undefined: every namespace. */
    readonly namespace: unknown,
    readonly withMetrics: boolean,
  ) {}
}
