import { DataSource } from 'typeorm';
import { withNats } from '../support/nats-admin';
import { jetstreamManager } from '@nats-io/jetstream';
import { eventually } from '../support/certplane-harness';

/**
 * Every table the write side and the read side keep, as a row count and an md5 over the rows in
 * a fixed order. The outbox is left out: the relay empties it on its own schedule.
 */
const TABLES = [
  'streams',
  'events',
  'client_registry',
  'client_keys',
  'certificate_serials',
  'namespace_registry',
  'tunnel_registry',
  'tunnel_tokens',
  'enrolment_token_registry',
  'channel_registry',
  'channel_connections',
  'group_registry',
  'profile_registry',
  'client_san_registry',
  'dead_letters',
  'rm_clients',
  'rm_certificates',
  'rm_namespaces',
  'rm_tunnels',
  'rm_enrolment_tokens',
  'rm_channels',
  'rm_channel_connections',
  'rm_groups',
  'projection_stream_versions',
] as const;

export type StateSnapshot = Record<string, string>;

export async function snapshotState(ds: DataSource, natsUrl: string, streamName: string): Promise<StateSnapshot> {
  const snapshot: StateSnapshot = {};
  for (const table of TABLES) {
    const [{ n, sum }] = await ds.query(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM ${table} t`,
    );
    snapshot[table] = `${n} rows, md5 ${sum}`;
  }
  const info = await withNats(natsUrl, async (nc) => (await jetstreamManager(nc)).streams.info(streamName));
  snapshot[`jetstream ${streamName}`] = `${info.state.messages} messages, last seq ${info.state.last_seq}`;
  return snapshot;
}

/**
 * The state once the background work (issuer, projector, relay) has stopped moving it, start-up's own
 * records included: no outbox rows left, and two snapshots 750 ms apart alike.
 */
export async function settledState(ds: DataSource, natsUrl: string, streamName: string): Promise<StateSnapshot> {
  let last = await snapshotState(ds, natsUrl, streamName);
  return eventually(
    async () => {
      await new Promise((r) => setTimeout(r, 750));
      const now = await snapshotState(ds, natsUrl, streamName);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM outbox`);
      const settled = n === 0 && JSON.stringify(now) === JSON.stringify(last);
      last = now;
      return settled ? now : undefined;
    },
    30_000,
    'the setup to settle',
  );
}
