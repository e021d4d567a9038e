import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { assertRevocationReason } from '@certplane/domain';
import { ClientRepository } from '@certplane/event-store';
import { Where } from '../../http/query-page';
import { RevokeCertificatesCommand } from './revoke-certificates.command';

/** The most certificates one bulk call revokes; `more` says to call again (the ones revoked are then skipped). */
export const MAX_REVOCATIONS_PER_CALL = 500;

export interface BulkRevocation {
  revoked: number;
  /** Matched, but revoked already (before the call, or by a concurrent one). */
  skipped: number;
  /** More valid certificates match than one call revokes. */
  more: boolean;
}

/**
 * Incident response: the valid certificates the filter matches in the inventory (which follows the
 * event store by a moment), oldest first, revoked by their clients' aggregates, one append per client
 * and one CertificateRevoked per certificate. A certificate revoked in the meantime is skipped.
 */
@CommandHandler(RevokeCertificatesCommand)
export class RevokeCertificatesHandler implements ICommandHandler<RevokeCertificatesCommand, BulkRevocation> {
  constructor(
    private readonly ds: DataSource,
    private readonly clients: ClientRepository,
  ) {}

  async execute({ filter, reason, context }: RevokeCertificatesCommand): Promise<BulkRevocation> {
    assertRevocationReason(reason);
    const at = new Date();
    const matching = () => {
      const where = new Where();
      if (filter.clientId) where.and('rc.client_id = ?', filter.clientId);
      if (filter.tag !== undefined) where.and('c.tags @> ARRAY[?]::text[]', filter.tag);
      if (filter.issuedBefore) where.and('rc.issued_at < ?', filter.issuedBefore);
      return where;
    };
    const from = `FROM rm_certificates rc LEFT JOIN rm_clients c ON c.client_id = rc.client_id`;
    const valid = matching().and(`rc.status = 'valid'`).and('rc.not_after > ?', at);
    const rows: { serial_number: string; client_id: string }[] = await this.ds.query(
      `SELECT rc.serial_number, rc.client_id ${from} ${valid.sql} ORDER BY rc.issued_at, rc.serial_number LIMIT ${MAX_REVOCATIONS_PER_CALL + 1}`,
      valid.params,
    );
    const revokedAlready = matching().and(`rc.status = 'revoked'`);
    const [{ n: alreadyRevoked }] = await this.ds.query(`SELECT count(*)::int AS n ${from} ${revokedAlready.sql}`, revokedAlready.params);
    const bySerial = rows.slice(0, MAX_REVOCATIONS_PER_CALL);
    const byClient = new Map<string, string[]>();
    for (const r of bySerial) byClient.set(r.client_id, [...(byClient.get(r.client_id) ?? []), r.serial_number]);
    let revoked = 0;
    for (const [clientId, serials] of byClient) {
      const appended = await this.clients.update(
        clientId,
        async (client) => ({ events: serials.filter((s) => client.validCertificates(at).some((c) => c.serialNumber === s)).flatMap((s) => client.revokeCertificate(s, reason, at)) }),
        context,
      );
      revoked += appended.length;
    }
    return { revoked, skipped: alreadyRevoked + bySerial.length - revoked, more: rows.length > MAX_REVOCATIONS_PER_CALL };
  }
}
