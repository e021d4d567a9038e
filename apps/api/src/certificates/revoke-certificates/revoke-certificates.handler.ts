import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { assertRevocationReason } from '@certplane/domain';
import { ClientRepository, StoredEvent } from '@certplane/event-store';
import { ReadModelUpdates } from '@certplane/read-model';
import { awaitReadModel } from '../../http/read-model-wait';
import { Where } from '../../http/query-page';
import { RevokeCertificatesCommand } from './revoke-certificates.command';

export interface BulkRevocation {
  revoked: number;
  /** Matched, but revoked already (before the call, or by a concurrent one). */
  skipped: number;
  /** More valid certificates match than one call revokes (CERTPLANE_MAX_REVOCATIONS_PER_CALL): call again. */
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
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    private readonly updates: ReadModelUpdates,
  ) {}

  async execute({ filter, reason, context }: RevokeCertificatesCommand): Promise<BulkRevocation> {
    assertRevocationReason(reason);
    const at = new Date();
    const max = this.config.maxRevocationsPerCall;
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
      `SELECT rc.serial_number, rc.client_id ${from} ${valid.sql} ORDER BY rc.issued_at, rc.serial_number LIMIT ${max + 1}`,
      valid.params,
    );
    const revokedAlready = matching().and(`rc.status = 'revoked'`);
    const [{ n: alreadyRevoked }] = await this.ds.query(
      `SELECT count(*)::int AS n ${from} ${revokedAlready.sql}`,
      revokedAlready.params,
    );
    const bySerial = rows.slice(0, max);
    const byClient = new Map<string, string[]>();
    for (const r of bySerial) byClient.set(r.client_id, [...(byClient.get(r.client_id) ?? []), r.serial_number]);
    const appended: StoredEvent[] = [];
    for (const [clientId, serials] of byClient) {
      appended.push(
        ...(
          await this.clients.update(
            clientId,
            async (client) => ({
              events: serials
                .filter((s) => client.validCertificates(at).some((c) => c.serialNumber === s))
                .flatMap((s) => client.revokeCertificate(s, reason, at)),
            }),
            context,
          )
        ).events,
      );
    }
    await this.projected(appended);
    const revoked = appended.length;
    return { revoked, skipped: alreadyRevoked + bySerial.length - revoked, more: rows.length > max };
  }

  /**
   * Answers once the inventory (and so the CRL, OCSP and mTLS) shows what this call revoked, so the
   * next call selects only what is left; bounded like details, then 503 READ_MODEL_PENDING (the
   * revocations are recorded, and calling again is safe).
   */
  private projected(appended: readonly StoredEvent[]): Promise<true> {
    const streams = new Map(appended.map((e) => [e.streamId, e.streamVersion]));
    if (streams.size === 0) return Promise.resolve(true);
    return awaitReadModel(
      async () => {
        const [{ behind }] = await this.ds.query(
          `SELECT count(*)::int AS behind FROM unnest($1::text[], $2::int[]) AS w(stream_id, version)
           LEFT JOIN projection_stream_versions p ON p.stream_id = w.stream_id AND p.projection = 'certificates'
          WHERE p.version IS NULL OR p.version < w.version`,
          [[...streams.keys()], [...streams.values()]],
        );
        return behind === 0 ? (true as const) : undefined;
      },
      this.config.details,
      this.updates,
    );
  }
}
