import { MigrationInterface, QueryRunner } from 'typeorm';
import { IpAddress } from '@certplane/domain';

/**
 * The registry's unique index compares IPs as text, so every stored IP must be in IpAddress's canonical text for two
 * spellings of one address to collide. Rows written before canonicalisation are rewritten here; a row whose canonical
 * text another live client already holds is left as it is (both clients stay; neither can be reached by a third).
 * The events keep what they carried: the fold and the projections read them in canonical text.
 */
export class CanonicalClientIps1763870400050 implements MigrationInterface {
  name = 'CanonicalClientIps1763870400050';

  async up(q: QueryRunner): Promise<void> {
    const rows: Array<{ client_id: string; ip: string }> = await q.query(
      `SELECT client_id, ip FROM client_registry WHERE ip IS NOT NULL`,
    );
    for (const { client_id, ip } of rows) {
      const canonical = IpAddress.canonicalText(ip);
      if (canonical === ip) continue;
      await q.query(
        `UPDATE client_registry r SET ip = $2 WHERE client_id = $1
           AND NOT (r.active AND EXISTS (SELECT 1 FROM client_registry o WHERE o.ip = $2 AND o.active AND o.client_id <> $1))`,
        [client_id, canonical],
      );
      await q.query(`UPDATE rm_clients SET ip = $2 WHERE client_id = $1`, [client_id, canonical]);
    }
  }

  async down(): Promise<void> {
    // Canonical text is a valid spelling of the same address: nothing to undo.
  }
}
