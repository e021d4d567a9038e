import { eventRegistry, TUNNEL_EVENTS } from '@certplane/domain';
import { Tx } from '@certplane/persistence';
import { Projection } from '../projection';
import { StoredEvent } from '@certplane/event-store';

/**
 * rm_tunnels: one row per live tunnel, removed when it is deleted. `version` is the stream
 * version the row reflects, so reads can wait for the write they follow; every event advances it.
 */
export class TunnelProjection implements Projection {
  readonly name = 'tunnels';
  readonly category = 'tunnel';
  readonly tables = ['rm_tunnels'];

  async apply(tx: Tx, e: StoredEvent): Promise<void> {
    const ev = eventRegistry.parseOf(TUNNEL_EVENTS, e.type, e.schemaVersion, e.data);
    const { tunnelId } = ev.data;
    switch (ev.type) {
      case 'TunnelCreated': {
        const c = ev.data;
        await tx.query(
          `INSERT INTO rm_tunnels (tunnel_id, namespace, name, tcp_ports, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
          [c.tunnelId, c.namespace, c.name, c.tcpPorts, e.streamVersion, e.recordedAt],
        );
        return;
      }
      case 'TunnelUpdated':
        await tx.query(`UPDATE rm_tunnels SET tcp_ports = $2, version = $3, updated_at = $4 WHERE tunnel_id = $1`, [
          tunnelId,
          ev.data.tcpPorts,
          e.streamVersion,
          e.recordedAt,
        ]);
        return;
      case 'TunnelDeleted':
        await tx.query(`DELETE FROM rm_tunnels WHERE tunnel_id = $1`, [tunnelId]);
        return;
      default:
        // TunnelTokenRotated changes nothing shown here (the token is sealed apart), but it is a version.
        await tx.query(`UPDATE rm_tunnels SET version = $2, updated_at = $3 WHERE tunnel_id = $1`, [
          tunnelId,
          e.streamVersion,
          e.recordedAt,
        ]);
    }
  }
}
