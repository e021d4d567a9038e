import { assertTunnelRef, TunnelNotFoundError } from '@certplane/domain';
import { LiveTunnel, NamespaceRegistry, TunnelRegistry } from '@certplane/event-store';

/** The tunnel a command names: bad input is 400, an unmanaged namespace 404 NAMESPACE_NOT_FOUND, then 404 TUNNEL_NOT_FOUND. */
export async function findLiveTunnel(
  namespaces: NamespaceRegistry,
  registry: TunnelRegistry,
  ref: { name: unknown; namespace: unknown },
): Promise<LiveTunnel> {
  assertTunnelRef(ref);
  await namespaces.assertLive(ref.namespace);
  const live = await registry.findLive(ref.namespace, ref.name);
  if (!live) throw new TunnelNotFoundError(ref.name, ref.namespace);
  return live;
}
