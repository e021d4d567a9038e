import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { TunnelStatusService } from '@certplane/tunnel-status';
import { bearer, Harness } from '../support/certplane-harness';

/** The uplink API calls as the tests make them, with the harness's bearer token. */
export function uplink(h: Harness) {
  const auth = bearer(h);
  return {
    createNamespace: (body: unknown) => h.call('POST', '/v1/namespace', body, auth),
    listNamespaces: () => h.call('GET', '/v1/namespace', undefined, auth),
    deleteNamespace: (name: string, query = '') => h.call('DELETE', `/v1/namespace/${name}${query}`, undefined, auth),
    createTunnel: (body: unknown) => h.call('POST', '/v1/tunnels', body, auth),
    updateTunnel: (body: unknown) => h.call('PUT', '/v1/tunnels', body, auth),
    getTunnel: (namespace: string, name: string, extra = '') =>
      h.call('GET', `/v1/tunnels/${name}?namespace=${namespace}${extra}`, undefined, auth),
    listTunnels: (query = '') => h.call('GET', `/v1/tunnels${query}`, undefined, auth),
    deleteTunnel: (namespace: string, name: string) =>
      h.call('DELETE', `/v1/tunnels/${name}?namespace=${namespace}`, undefined, auth),
    rotateToken: (namespace: string, name: string) =>
      h.call('POST', `/v1/tunnels/${name}/token/rotate?namespace=${namespace}`, undefined, auth),
  };
}

export const errorBody = (statusCode: number, code: string) => ({ statusCode, code, message: expect.any(String) });

export function statusService(h: Harness): TunnelStatusService {
  return h.app.get(TunnelStatusService);
}

/** Every message the run's JetStream stream holds, as text: what any subscriber could have read. */
export async function streamContents(h: Harness): Promise<string[]> {
  const nc = await connect({ servers: h.env.NATS_URL });
  try {
    const consumer = await jetstream(nc).consumers.get(h.bus.streamName);
    const seen: string[] = [];
    for (;;) {
      const m = await consumer.next({ expires: 1000 });
      if (!m) return seen;
      seen.push(`${m.subject} ${JSON.stringify(Object.fromEntries(m.headers ?? []))} ${m.string()}`);
    }
  } finally {
    await nc.close();
  }
}
