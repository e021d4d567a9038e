import { EnrolmentTokenCreatedData, eventRegistry } from '@certplane/domain';
import { Tx } from '@certplane/persistence';
import { Projection } from '../projection';
import { ProjectedEvent } from '../projected-event';

/**
 * rm_enrolment_tokens: one row per token, kept when it is used up or revoked (the list shows
 * them so). `version` is the stream version the row reflects, so reads can wait for the write
 * they follow. Whether a token has expired is decided when it is read, not here.
 */
export class EnrolmentTokenProjection implements Projection {
  readonly name = 'enrolment-tokens';
  readonly category = 'enrolment_token';
  readonly tables = ['rm_enrolment_tokens'];

  async apply(tx: Tx, e: ProjectedEvent): Promise<void> {
    const d = eventRegistry.parse(e.type, e.schemaVersion, e.data).data as { tokenId: string };
    switch (e.type) {
      case 'EnrolmentTokenCreated': {
        const c = d as EnrolmentTokenCreatedData;
        await tx.query(
          `INSERT INTO rm_enrolment_tokens (token_id, name, name_pattern, ip, hostname, tags, metadata, topics, validity_seconds, profile, uses, used, revoked, expires_at, version, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, false, $12, $13, $14)`,
          [
            c.tokenId,
            c.name ?? null,
            c.namePattern ?? null,
            c.ip ?? null,
            c.hostname ?? null,
            json(c.tags),
            json(c.metadata),
            json(c.topics),
            c.validitySeconds ?? null,
            c.profile ?? null,
            c.uses,
            c.expiresAt,
            e.streamVersion,
            e.recordedAt,
          ],
        );
        return;
      }
      case 'EnrolmentTokenUsed':
        await tx.query(`UPDATE rm_enrolment_tokens SET used = used + 1, version = $2 WHERE token_id = $1`, [
          d.tokenId,
          e.streamVersion,
        ]);
        return;
      case 'EnrolmentTokenRevoked':
        await tx.query(`UPDATE rm_enrolment_tokens SET revoked = true, version = $2 WHERE token_id = $1`, [
          d.tokenId,
          e.streamVersion,
        ]);
        return;
      default:
        await tx.query(`UPDATE rm_enrolment_tokens SET version = $2 WHERE token_id = $1`, [d.tokenId, e.streamVersion]);
    }
  }
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}
