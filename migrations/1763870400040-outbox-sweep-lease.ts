import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may sweep the outbox, and until when: one sweeper at a time across every process of a
 * deployment, so a stale row is published once and each stream's rows in their order. A lease
 * rather than a lock: a lock would hold a connection while the sweep publishes, and the embedded
 * database has only one.
 */
export class OutboxSweepLease1763870400040 implements MigrationInterface {
  name = 'OutboxSweepLease1763870400040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_sweep_lease (
        id smallint PRIMARY KEY CHECK (id = 1),
        holder uuid,
        until timestamptz NOT NULL
      )`);
    await q.query(`INSERT INTO outbox_sweep_lease (id, holder, until) VALUES (1, NULL, '-infinity')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_sweep_lease`);
  }
}
