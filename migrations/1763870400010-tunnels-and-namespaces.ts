import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tunnels and namespaces. Write side, kept in the append transaction of the events that change
 * it: the registries, whose partial unique indexes reserve live names (of concurrent creates of
 * one name exactly one commits) and which carry each live tunnel's stream version, so reads can
 * wait for the projector to catch up; and the sealed auth tokens, apart from the event stream.
 * Read models, built by the projector from event data and timestamps only, so a rebuild ends in
 * the same rows.
 */
export class TunnelsAndNamespaces1763870400010 implements MigrationInterface {
  name = 'TunnelsAndNamespaces1763870400010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE namespace_registry (
        namespace_id text PRIMARY KEY,
        name text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX namespace_registry_live_name ON namespace_registry (name) WHERE active`);
    await q.query(`
      CREATE TABLE tunnel_registry (
        tunnel_id text PRIMARY KEY,
        namespace text NOT NULL,
        name text NOT NULL,
        version integer NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX tunnel_registry_live_name ON tunnel_registry (namespace, name) WHERE active`);
    await q.query(`
      CREATE TABLE tunnel_tokens (
        tunnel_id text PRIMARY KEY,
        sealed_token text NOT NULL,
        sealed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE rm_namespaces (
        namespace_id text PRIMARY KEY,
        name text NOT NULL,
        labels json NOT NULL,
        annotations json NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rm_namespaces_name ON rm_namespaces (name)`);
    await q.query(`
      CREATE TABLE rm_tunnels (
        tunnel_id text PRIMARY KEY,
        namespace text NOT NULL,
        name text NOT NULL,
        tcp_ports integer[] NOT NULL,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rm_tunnels_namespace_name ON rm_tunnels (namespace, name)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rm_tunnels`);
    await q.query(`DROP TABLE rm_namespaces`);
    await q.query(`DROP TABLE tunnel_tokens`);
    await q.query(`DROP TABLE tunnel_registry`);
    await q.query(`DROP TABLE namespace_registry`);
  }
}
