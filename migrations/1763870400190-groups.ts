import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Groups and the clients in them. Write side, kept in the append transactions of the events that
 * change it (GroupRegistry, under one advisory lock): the live groups with their parents, and each
 * live client's parent group on its client_registry row. Read models, built by the projector from
 * the group and client streams, so a rebuild ends in the same rows.
 */
export class Groups1763870400190 implements MigrationInterface {
  name = 'Groups1763870400190';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE group_registry (
        group_id text PRIMARY KEY,
        parent_id text,
        active boolean NOT NULL DEFAULT true
      )`);
    await q.query(`CREATE INDEX group_registry_parent ON group_registry (parent_id) WHERE active`);
    await q.query(`ALTER TABLE client_registry ADD COLUMN parent_group_id text`);
    await q.query(`CREATE INDEX client_registry_parent_group ON client_registry (parent_group_id) WHERE active`);
    await q.query(`
      CREATE TABLE rm_groups (
        group_id text PRIMARY KEY,
        name text NOT NULL,
        metadata jsonb NOT NULL,
        parent_id text,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rm_groups_parent ON rm_groups (parent_id, created_at, group_id)`);
    await q.query(`CREATE INDEX rm_groups_created ON rm_groups (created_at, group_id)`);
    await q.query(`ALTER TABLE rm_clients ADD COLUMN parent_group_id text`);
    await q.query(`CREATE INDEX rm_clients_parent_group ON rm_clients (parent_group_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_clients DROP COLUMN parent_group_id`);
    await q.query(`DROP TABLE rm_groups`);
    await q.query(`ALTER TABLE client_registry DROP COLUMN parent_group_id`);
    await q.query(`DROP TABLE group_registry`);
  }
}
