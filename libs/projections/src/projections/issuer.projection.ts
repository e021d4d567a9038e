import { eventRegistry, ISSUER_EVENTS } from '@certplane/domain';
import { Tx } from '@certplane/persistence';
import { StoredEvent } from '@certplane/event-store';
import { Projection } from '../projection';

/**
 * rm_issuers: one row per issuer. Besides what it shows, its commits are how every process hears that the
 * issuers changed (the projector's notifications), and so reloads them and trusts a new one.
 */
export class IssuerProjection implements Projection {
  readonly name = 'issuers';
  readonly category = 'issuer';
  readonly tables = ['rm_issuers'];

  async apply(tx: Tx, e: StoredEvent): Promise<void> {
    const ev = eventRegistry.parseOf(ISSUER_EVENTS, e.type, e.schemaVersion, e.data);
    switch (ev.type) {
      case 'IssuerCreated': {
        const d = ev.data;
        await tx.query(
          `INSERT INTO rm_issuers (issuer_id, kind, status, certificate_pem, chain_pem, csr_pem, not_after, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            d.issuerId,
            d.kind,
            d.certificatePem ? 'ready' : 'pending',
            d.certificatePem ?? null,
            d.chainPem,
            d.csrPem ?? null,
            d.notAfter ?? null,
            e.recordedAt,
          ],
        );
        return;
      }
      case 'IssuerCertificateInstalled': {
        const d = ev.data;
        await tx.query(
          `UPDATE rm_issuers SET status = 'ready', certificate_pem = $2, chain_pem = $3, not_after = $4 WHERE issuer_id = $1`,
          [d.issuerId, d.certificatePem, d.chainPem, d.notAfter],
        );
        return;
      }
      case 'IssuerActivated':
        await tx.query(`UPDATE rm_issuers SET status = 'active', activated_at = $2 WHERE issuer_id = $1`, [
          ev.data.issuerId,
          e.recordedAt,
        ]);
        return;
      case 'IssuerSuperseded':
        await tx.query(`UPDATE rm_issuers SET status = 'superseded', superseded_at = $2 WHERE issuer_id = $1`, [
          ev.data.issuerId,
          e.recordedAt,
        ]);
        return;
      case 'IssuerRetired':
        await tx.query(`UPDATE rm_issuers SET status = 'retired', retired_at = $2 WHERE issuer_id = $1`, [
          ev.data.issuerId,
          e.recordedAt,
        ]);
        return;
    }
  }
}
