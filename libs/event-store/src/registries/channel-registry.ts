import { ChannelRouteTakenError, ConcurrencyError, clientStreamId, ConnectionType } from '@certplane/domain';
import { StatementWrite, Tx } from '@certplane/persistence';
import { holdLiveClients } from './client-registry';
import { SideStep } from '../store/event-store';

/**
 * The write side of channels, kept in the transactions of the events that change it: live routes
 * (a partial unique index reserves each, as client_registry does names) and the connections, so
 * a client's deletion finds the channels it must disconnect from without reading every channel.
 *
 * A connect holds its clients' client_registry rows FOR SHARE while it records the connections;
 * a client's deletion marks that row inactive (an exclusive lock) and then checks that no
 * connection is left. So either the connect commits first and the deletion sees its connection
 * (and starts again to disconnect it too), or the deletion commits first and the connect finds
 * the client gone: no connection outlives its client.
 */
export class ChannelRegistry {
  reserve(channelId: string, route: string | undefined): StatementWrite {
    return {
      sql: (appended, p) =>
        `INSERT INTO channel_registry (channel_id, route) SELECT ${p(channelId)}::text, ${p(route ?? null)}::text WHERE ${appended}`,
      refused: routeRefusal(route),
    };
  }

  changeRoute(channelId: string, route: string | undefined): StatementWrite {
    return {
      sql: (appended, p) =>
        `UPDATE channel_registry SET route = ${p(route ?? null)}::text WHERE channel_id = ${p(channelId)}::text AND ${appended}`,
      refused: routeRefusal(route),
    };
  }

  /** The route is free again and the channel's connections are gone with it. */
  release(channelId: string): StatementWrite[] {
    return [
      {
        sql: (appended, p) =>
          `UPDATE channel_registry SET active = false WHERE channel_id = ${p(channelId)}::text AND ${appended}`,
      },
      {
        sql: (appended, p) =>
          `DELETE FROM channel_connections WHERE channel_id = ${p(channelId)}::text AND ${appended}`,
      },
    ];
  }

  /** Fails with CLIENT_NOT_FOUND, naming the first, when any of the clients is not live (holdLiveClients). */
  connect(channelId: string, clientIds: readonly string[], types: readonly ConnectionType[]): SideStep {
    return { step: (tx) => this.connectIn(tx, channelId, clientIds, types) };
  }

  private async connectIn(
    tx: Tx,
    channelId: string,
    clientIds: readonly string[],
    types: readonly ConnectionType[],
  ): Promise<void> {
    await holdLiveClients(tx, clientIds);
    await tx.query(
      `INSERT INTO channel_connections (channel_id, client_id, type)
       SELECT $1, c, t FROM unnest($2::text[]) AS c CROSS JOIN unnest($3::text[]) AS t`,
      [channelId, clientIds, types],
    );
  }

  disconnect(channelId: string, clientIds: readonly string[], types: readonly ConnectionType[]): StatementWrite {
    return {
      sql: (appended, p) =>
        `DELETE FROM channel_connections WHERE channel_id = ${p(channelId)}::text AND client_id = ANY(${p(clientIds)}::text[]) AND type = ANY(${p(types)}::text[]) AND ${appended}`,
    };
  }

  /** The channels a client is connected to, as this transaction sees them. */
  async channelsOf(tx: Tx, clientId: string): Promise<string[]> {
    const rows: { channel_id: string }[] = await tx.query(
      `SELECT DISTINCT channel_id FROM channel_connections WHERE client_id = $1`,
      [clientId],
    );
    return rows.map((r) => r.channel_id);
  }

  /**
   * The last step of a client's deletion, after client_registry marks it inactive: the connections
   * to `disconnected` are gone; one that a connect committed elsewhere meanwhile fails the deletion,
   * which is decided again with it.
   */
  async forgetClient(tx: Tx, clientId: string, disconnected: readonly string[], clientVersion: number): Promise<void> {
    await tx.query(`DELETE FROM channel_connections WHERE client_id = $1 AND channel_id = ANY($2::text[])`, [
      clientId,
      disconnected,
    ]);
    const [left] = await tx.query(`SELECT 1 FROM channel_connections WHERE client_id = $1 LIMIT 1`, [clientId]);
    if (left) throw new ConcurrencyError(clientStreamId(clientId), clientVersion);
  }
}

function routeRefusal(route: string | undefined) {
  return (constraint: string): Error | undefined =>
    constraint === 'channel_registry_live_route' ? new ChannelRouteTakenError(route!) : undefined;
}
