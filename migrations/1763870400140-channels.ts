import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Channels and their connections. Write side, kept in the append transactions of the events
 * that change it (ChannelRegistry): live routes, reserved by a partial unique index, and the
 * connections, found by client when a client's deletion disconnects it everywhere. Read models,
 * built by the projector from the channel streams alone, so a rebuild ends in the same rows.
 */
export class Channels1763870400140 implements MigrationInterface {
  name = 'Channels1763870400140';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE channel_registry (
        channel_id text PRIMARY KEY,
        route text,
        active boolean NOT NULL DEFAULT true
      )`);
    await q.query(
      `CREATE UNIQUE INDEX channel_registry_live_route ON channel_registry (route) WHERE active AND route IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE channel_connections (
        channel_id text NOT NULL,
        client_id text NOT NULL,
        type text NOT NULL,
        PRIMARY KEY (channel_id, client_id, type)
      )`);
    await q.query(`CREATE INDEX channel_connections_client ON channel_connections (client_id)`);
    await q.query(`
      CREATE TABLE rm_channels (
        channel_id text PRIMARY KEY,
        name text NOT NULL,
        tags text[] NOT NULL,
        metadata jsonb NOT NULL,
        route text,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rm_channels_created ON rm_channels (created_at, channel_id)`);
    await q.query(`CREATE INDEX rm_channels_tags ON rm_channels USING gin (tags)`);
    await q.query(`
      CREATE TABLE rm_channel_connections (
        channel_id text NOT NULL,
        client_id text NOT NULL,
        type text NOT NULL,
        connected_at timestamptz NOT NULL,
        PRIMARY KEY (channel_id, client_id, type)
      )`);
    await q.query(`CREATE INDEX rm_channel_connections_client ON rm_channel_connections (client_id, type)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rm_channel_connections`);
    await q.query(`DROP TABLE rm_channels`);
    await q.query(`DROP TABLE channel_connections`);
    await q.query(`DROP TABLE channel_registry`);
  }
}
