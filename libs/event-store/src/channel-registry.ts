import { ChannelRouteTakenError, ConcurrencyError, clientStreamId, ConnectionType } from '@certplane/domain';
import { Tx, uniqueViolation } from '@certplane/persistence';
import { holdLiveClients } from './client-registry';

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
  async reserve(tx: Tx, channelId: string, route: string | undefined): Promise<void> {
    await this.claiming(route, () =>
      tx.query(`INSERT INTO channel_registry (channel_id, route) VALUES ($1, $2)`, [channelId, route ?? null]),
    );
  }

  async changeRoute(tx: Tx, channelId: string, route: string | undefined): Promise<void> {
    await this.claiming(route, () =>
      tx.query(`UPDATE channel_registry SET route = $2 WHERE channel_id = $1`, [channelId, route ?? null]),
    );
  }

  /** The route is free again and the channel's connections are gone with it. */
  async release(tx: Tx, channelId: string): Promise<void> {
    await tx.query(`UPDATE channel_registry SET active = false WHERE channel_id = $1`, [channelId]);
    await tx.query(`DELETE FROM channel_connections WHERE channel_id = $1`, [channelId]);
  }

  /** Fails with CLIENT_NOT_FOUND, naming the first, when any of the clients is not live (holdLiveClients). */
  async connect(
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

  async disconnect(
    tx: Tx,
    channelId: string,
    clientIds: readonly string[],
    types: readonly ConnectionType[],
  ): Promise<void> {
    await tx.query(
      `DELETE FROM channel_connections WHERE channel_id = $1 AND client_id = ANY($2::text[]) AND type = ANY($3::text[])`,
      [channelId, clientIds, types],
    );
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

  private async claiming<T>(route: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (uniqueViolation(e) === 'channel_registry_live_route') throw new ChannelRouteTakenError(route!);
      throw e;
    }
  }
}
