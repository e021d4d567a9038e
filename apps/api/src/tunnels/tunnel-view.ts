import { TunnelStatus } from '@certplane/tunnel-status';
import type { TunnelView } from '@certplane/api-contract';

export type { TunnelView } from '@certplane/api-contract';

/** The one shape every tunnel answer has (create, get, list, update, rotate), in the documented key order. */
export function tunnelView(
  t: { name: string; namespace: string; tcpPorts: readonly number[]; created: Date },
  authToken: string,
  status: TunnelStatus,
  withMetrics: boolean,
): TunnelView {
  return {
    name: t.name,
    namespace: t.namespace,
    tcpPorts: [...t.tcpPorts],
    authToken,
    connectedClients: status.connectedClients,
    created: t.created.toISOString(),
    ...(withMetrics ? { metrics: status.metrics } : {}),
  };
}
