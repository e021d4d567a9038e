import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An enrolment token may name a certificate profile (rm_enrolment_tokens.profile). And a live client is
 * under a live profile: a client_registry row naming a profile takes a share lock on the profile's live
 * registry row in the enrolment's own statement, and fails (client_registry_live_profile) when there is
 * none. A delete marks that row dead under its exclusive lock and then counts the live clients, so of an
 * enrolment and a delete racing, whichever locks the row second sees the other's commit: never both.
 */
export class ProfilesFinish1763870400160 implements MigrationInterface {
  name = 'ProfilesFinish1763870400160';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_enrolment_tokens ADD COLUMN profile text`);
    await q.query(`
      CREATE FUNCTION client_registry_live_profile() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM profile_registry WHERE name = NEW.profile AND active FOR SHARE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'no live certificate profile named %', NEW.profile
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'client_registry_live_profile';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER client_registry_live_profile BEFORE INSERT OR UPDATE OF profile ON client_registry
      FOR EACH ROW WHEN (NEW.profile IS NOT NULL AND NEW.active) EXECUTE FUNCTION client_registry_live_profile()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER client_registry_live_profile ON client_registry`);
    await q.query(`DROP FUNCTION client_registry_live_profile()`);
    await q.query(`ALTER TABLE rm_enrolment_tokens DROP COLUMN profile`);
  }
}
