import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store: append-only events with a global position, per-stream versions guarded by
 * the streams table (optimistic concurrency), and the outbox filled in the same transaction.
 * transaction_id lets global readers order by commit safety instead of by sequence, which is
 * not commit order (see PostgresEventStore.readAll). Event data is json, not jsonb: the log keeps
 * exactly what was written, key order included, so answers built from it match what was sent.
 */
export class EventStore1763870400000 implements MigrationInterface {
  name = 'EventStore1763870400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE streams (
        stream_id text PRIMARY KEY,
        version integer NOT NULL CHECK (version > 0)
      )`);
    await q.query(`
      CREATE TABLE events (
        position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id uuid NOT NULL UNIQUE,
        stream_id text NOT NULL,
        stream_version integer NOT NULL,
        type text NOT NULL,
        schema_version integer NOT NULL,
        data json NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
      )`);
    await q.query(`CREATE INDEX events_commit_order ON events (transaction_id, position)`);
    await q.query(`
      CREATE FUNCTION certplane_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP;
      END $$`);
    await q.query(
      `CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION certplane_events_are_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION certplane_events_are_append_only()`,
    );
    await q.query(`
      CREATE TABLE outbox (
        position bigint PRIMARY KEY REFERENCES events (position),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX outbox_created_at ON outbox (created_at)`);
    await q.query(`
      CREATE TABLE dead_letters (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        consumer text NOT NULL,
        subject text NOT NULL,
        msg_id text,
        headers jsonb NOT NULL,
        payload bytea NOT NULL,
        error text NOT NULL,
        delivery_count integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dead_letters`);
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP TABLE events`);
    await q.query(`DROP FUNCTION certplane_events_are_append_only()`);
    await q.query(`DROP TABLE streams`);
  }
}
