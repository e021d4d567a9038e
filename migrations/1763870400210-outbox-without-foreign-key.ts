import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox's reference to events cost a lookup of the event per appended event (the foreign key's
 * check) and could never fail: the only insert into the outbox is the append's own statement, taking
 * the positions the same statement has just inserted into events, which refuse every delete.
 */
export class OutboxWithoutForeignKey1763870400210 implements MigrationInterface {
  name = 'OutboxWithoutForeignKey1763870400210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP CONSTRAINT outbox_position_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE outbox ADD CONSTRAINT outbox_position_fkey FOREIGN KEY (position) REFERENCES events (position)`,
    );
  }
}
