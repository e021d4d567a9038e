import { MigrationInterface, QueryRunner } from 'typeorm';

/** A CA whose key is in an HSM keeps only its certificate here: its row has no sealed key. */
export class CaKeyInHsm1763870400110 implements MigrationInterface {
  name = 'CaKeyInHsm1763870400110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificate_authorities ALTER COLUMN sealed_private_key DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM certificate_authorities WHERE sealed_private_key IS NULL`);
    await q.query(`ALTER TABLE certificate_authorities ALTER COLUMN sealed_private_key SET NOT NULL`);
  }
}
