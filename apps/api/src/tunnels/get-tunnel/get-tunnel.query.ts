export class GetTunnelQuery {
  constructor(
    readonly name: unknown,
    readonly namespace: unknown,
    readonly withMetrics: boolean,
  ) {}
}
