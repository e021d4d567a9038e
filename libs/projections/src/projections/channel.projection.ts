import { CHANNEL_EVENTS, eventRegistry } from '@certplane/domain';
import { Tx } from '@certplane/persistence';
import { Projection } from '../projection';
import { StoredEvent } from '@certplane/event-store';

/**
 * rm_channels: one row per live channel; rm_channel_connections: one row per (channel, client,
 * type) connected, with the time of the event that connected it. Both from the channel's own
 * stream: a client's deletion reaches them as the ClientsDisconnected it appended there.
 */
export class ChannelProjection implements Projection {
  readonly name = 'channels';
  readonly category = 'channel';
  readonly tables = ['rm_channels', 'rm_channel_connections'];

  async apply(tx: Tx, e: StoredEvent): Promise<void> {
    const ev = eventRegistry.parseOf(CHANNEL_EVENTS, e.type, e.schemaVersion, e.data);
    const { channelId } = ev.data;
    switch (ev.type) {
      case 'ChannelCreated': {
        const c = ev.data;
        await tx.query(
          `INSERT INTO rm_channels (channel_id, name, tags, metadata, route, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
          [c.channelId, c.name, c.tags, JSON.stringify(c.metadata), c.route ?? null, e.streamVersion, e.recordedAt],
        );
        return;
      }
      case 'ChannelUpdated': {
        const u = ev.data;
        await tx.query(
          `UPDATE rm_channels SET name = coalesce($2, name), tags = coalesce($3, tags), metadata = coalesce($4::jsonb, metadata),
                  route = CASE WHEN $5 THEN $6 ELSE route END, version = $7, updated_at = $8
            WHERE channel_id = $1`,
          [
            u.channelId,
            u.name ?? null,
            u.tags ?? null,
            u.metadata === undefined ? null : JSON.stringify(u.metadata),
            u.route !== undefined,
            u.route ?? null,
            e.streamVersion,
            e.recordedAt,
          ],
        );
        return;
      }
      case 'ClientsConnected': {
        const c = ev.data;
        await tx.query(
          `INSERT INTO rm_channel_connections (channel_id, client_id, type, connected_at)
           SELECT $1, client_id, type, $4 FROM unnest($2::text[]) AS client_id CROSS JOIN unnest($3::text[]) AS type`,
          [c.channelId, c.clientIds, c.types, e.recordedAt],
        );
        return this.touch(tx, e, channelId);
      }
      case 'ClientsDisconnected': {
        const c = ev.data;
        await tx.query(
          `DELETE FROM rm_channel_connections WHERE channel_id = $1 AND client_id = ANY($2::text[]) AND type = ANY($3::text[])`,
          [c.channelId, c.clientIds, c.types],
        );
        return this.touch(tx, e, channelId);
      }
      case 'ChannelDeleted':
        await tx.query(`DELETE FROM rm_channel_connections WHERE channel_id = $1`, [channelId]);
        await tx.query(`DELETE FROM rm_channels WHERE channel_id = $1`, [channelId]);
        return;
    }
  }

  private async touch(tx: Tx, e: StoredEvent, channelId: string): Promise<void> {
    await tx.query(`UPDATE rm_channels SET version = $2, updated_at = $3 WHERE channel_id = $1`, [
      channelId,
      e.streamVersion,
      e.recordedAt,
    ]);
  }
}
