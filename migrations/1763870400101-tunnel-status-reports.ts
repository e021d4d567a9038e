import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tunnel status reports accepted in the last five minutes, where every api replica reads them:
 * each report is taken by one replica (a NATS queue group) and answered from by all, a replica
 * started a second ago included. The key is the report's signature per tunnel, so a report
 * published again is refused whichever replica takes it. Unlogged: losing the last five minutes'
 * rates in a database crash costs precision, never state.
 */
export class TunnelStatusReports1763870400101 implements MigrationInterface {
  name = 'TunnelStatusReports1763870400101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE tunnel_status_reports (
        tunnel_id text NOT NULL,
        signature text NOT NULL,
        server text NOT NULL,
        seq bigint NOT NULL,
        sent_at_ms bigint NOT NULL,
        received_at_ms bigint NOT NULL,
        connected_clients bigint NOT NULL,
        rx_bytes bigint NOT NULL,
        tx_bytes bigint NOT NULL,
        tcp_connections bigint NOT NULL,
        PRIMARY KEY (tunnel_id, signature)
      )`);
    await q.query(`CREATE INDEX tunnel_status_reports_window ON tunnel_status_reports (tunnel_id, received_at_ms)`);
    await q.query(`CREATE INDEX tunnel_status_reports_received ON tunnel_status_reports (received_at_ms)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tunnel_status_reports`);
  }
}
