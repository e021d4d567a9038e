import { eventRegistry, TunnelCreatedData, TunnelUpdatedData } from '@certplane/domain';
import { Tx } from '@certplane/persistence';
import { Projection } from '../projection';
import { ProjectedEvent } from '../projected-event';

/**
 * rm_tunnels: one row per live tunnel, removed when it is deleted. `version` is the stream
 * version the row reflects, so reads can wait for the write they follow; every event advances it.
 */
export class TunnelProjection implements Projection {
  readonly name = 'tunnels';
  readonly category = 'tunnel';
  readonly tables = ['rm_tunnels'];

  async apply(tx: Tx, e: ProjectedEvent): Promise<void> {
    const d = eventRegistry.parse(e.type, e.schemaVersion, e.data).data as { tunnelId: string };
    switch (e.type) {
      case 'TunnelCreated': {
        const c = d as TunnelCreatedData;
        await tx.query(
          `INSERT INTO rm_tunnels (tunnel_id, namespace, name, tcp_ports, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
          [c.tunnelId, c.namespace, c.name, c.tcpPorts, e.streamVersion, e.recordedAt],
        );
        return;
      }
      case 'TunnelUpdated':
        await tx.query(`UPDATE rm_tunnels SET tcp_ports = $2, version = $3, updated_at = $4 WHERE tunnel_id = $1`, [
          d.tunnelId,
          (d as TunnelUpdatedData).tcpPorts,
          e.streamVersion,
          e.recordedAt,
        ]);
        return;
      case 'TunnelDeleted':
        await tx.query(`DELETE FROM rm_tunnels WHERE tunnel_id = $1`, [d.tunnelId]);
        return;
      default:
        // TunnelTokenRotated changes nothing shown here (the token is sealed apart), but it is a version.
        await tx.query(`UPDATE rm_tunnels SET version = $2, updated_at = $3 WHERE tunnel_id = $1`, [
          d.tunnelId,
          e.streamVersion,
          e.recordedAt,
        ]);
    }
  }
}
