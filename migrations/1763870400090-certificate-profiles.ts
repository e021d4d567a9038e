import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificate profiles, and the SANs a client holds. profile_registry keeps which profiles are live
 * (a live name is held once), in the transaction of the profile's events. client_san_registry holds
 * every SAN a live client states, one holder per name: the `sans` list a client asked for (source
 * 'list'), and its ip or hostname (source 'seed'), which a trigger keeps in step with client_registry
 * so that a list DNS name and another client's hostname are one reservation, decided by one index.
 * client_registry.profile says which profile a live client is under, so a profile in use is not deleted.
 */
export class CertificateProfiles1763870400090 implements MigrationInterface {
  name = 'CertificateProfiles1763870400090';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE profile_registry (
        profile_id text PRIMARY KEY,
        name text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX profile_registry_live_name ON profile_registry (name) WHERE active`);
    await q.query(`ALTER TABLE client_registry ADD COLUMN profile text`);
    await q.query(`
      CREATE TABLE client_san_registry (
        client_id text NOT NULL,
        kind text NOT NULL,
        value_key text NOT NULL,
        source text NOT NULL,
        active boolean NOT NULL DEFAULT true
      )`);
    await q.query(`CREATE UNIQUE INDEX client_san_registry_live ON client_san_registry (kind, value_key) WHERE active`);
    await q.query(`CREATE INDEX client_san_registry_client ON client_san_registry (client_id)`);
    await q.query(`
      CREATE FUNCTION client_registry_sans() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM client_san_registry WHERE client_id = NEW.client_id AND source = 'seed';
        IF NEW.active THEN
          IF NEW.hostname IS NOT NULL THEN
            INSERT INTO client_san_registry (client_id, kind, value_key, source) VALUES (NEW.client_id, 'dns', lower(NEW.hostname), 'seed');
          END IF;
          IF NEW.ip IS NOT NULL THEN
            INSERT INTO client_san_registry (client_id, kind, value_key, source) VALUES (NEW.client_id, 'ip', NEW.ip, 'seed');
          END IF;
        ELSE
          UPDATE client_san_registry SET active = false WHERE client_id = NEW.client_id AND active;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER client_registry_sans AFTER INSERT OR UPDATE OF active, ip, hostname ON client_registry
      FOR EACH ROW EXECUTE FUNCTION client_registry_sans()`);
    await q.query(`
      INSERT INTO client_san_registry (client_id, kind, value_key, source)
      SELECT client_id, 'dns', lower(hostname), 'seed' FROM client_registry WHERE active AND hostname IS NOT NULL
      UNION ALL
      SELECT client_id, 'ip', ip, 'seed' FROM client_registry WHERE active AND ip IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER client_registry_sans ON client_registry`);
    await q.query(`DROP FUNCTION client_registry_sans()`);
    await q.query(`DROP TABLE client_san_registry`);
    await q.query(`ALTER TABLE client_registry DROP COLUMN profile`);
    await q.query(`DROP TABLE profile_registry`);
  }
}
