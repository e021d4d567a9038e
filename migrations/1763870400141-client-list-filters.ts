import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GET /clients?metadata={...} asks whether a client's metadata contains the pairs given: a GIN
 * index over the metadata as jsonb answers it. The column stays json, so answers keep the keys
 * in the order they were sent.
 */
export class ClientListFilters1763870400141 implements MigrationInterface {
  name = 'ClientListFilters1763870400141';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX rm_clients_metadata ON rm_clients USING gin ((metadata::jsonb) jsonb_path_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rm_clients_metadata`);
  }
}
