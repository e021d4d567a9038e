import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A token's certificate validity is a duration now, held in seconds like the events that carry it;
 * tokens projected when it was whole days keep the same validity.
 */
export class EnrolmentTokenValiditySeconds1763870400080 implements MigrationInterface {
  name = 'EnrolmentTokenValiditySeconds1763870400080';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_enrolment_tokens ADD COLUMN validity_seconds integer`);
    await q.query(
      `UPDATE rm_enrolment_tokens SET validity_seconds = validity_days * 86400 WHERE validity_days IS NOT NULL`,
    );
    await q.query(`ALTER TABLE rm_enrolment_tokens DROP COLUMN validity_days`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_enrolment_tokens ADD COLUMN validity_days integer`);
    await q.query(
      `UPDATE rm_enrolment_tokens SET validity_days = CEIL(validity_seconds / 86400.0) WHERE validity_seconds IS NOT NULL`,
    );
    await q.query(`ALTER TABLE rm_enrolment_tokens DROP COLUMN validity_seconds`);
  }
}
