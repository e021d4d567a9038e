import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ClientCertificate, KeyOrigin } from '@certplane/domain';
import { PageOf, queryPage, Where } from '../../http/query-page';
import { certificateView } from '../../clients/client-view';
import type { InventoryItem } from '@certplane/api-contract';
import { ListCertificatesQuery } from './list-certificates.query';

export type { InventoryItem } from '@certplane/api-contract';

interface Row {
  serial_number: string;
  client_id: string;
  client_name: string | null;
  common_name: string | null;
  subject_alt_names: { ips: string[]; hostnames: string[] } | null;
  not_before: Date;
  not_after: Date;
  revoked_at: Date | null;
  revocation_reason: string | null;
  revoked_by: string | null;
  key_origin: KeyOrigin | null;
  fingerprint_sha256: string;
}

/**
 * Every certificate of every client (removed ones too) from rm_certificates, sorted by expiry.
 * The status filters are certificateStatus() in SQL: revoked wins, otherwise expired once not_after
 * has passed, evaluated at one `now` for the filter and the answer alike.
 */
@QueryHandler(ListCertificatesQuery)
export class ListCertificatesHandler implements IQueryHandler<ListCertificatesQuery, PageOf<InventoryItem>> {
  constructor(private readonly ds: DataSource) {}

  execute({ filter, page }: ListCertificatesQuery): Promise<PageOf<InventoryItem>> {
    const now = new Date();
    const where = new Where();
    if (filter.status === 'revoked') where.and(`rc.status = 'revoked'`);
    if (filter.status === 'valid') where.and(`rc.status <> 'revoked'`).and('rc.not_after >= ?', now);
    if (filter.status === 'expired') where.and(`rc.status <> 'revoked'`).and('rc.not_after < ?', now);
    if (filter.expiringBefore) where.and('rc.not_after < ?', filter.expiringBefore);
    if (filter.expiringWithin)
      where
        .and('rc.not_after >= ?', now)
        .and('rc.not_after < ?', new Date(now.getTime() + filter.expiringWithin.milliseconds));
    if (filter.clientId) where.and('rc.client_id = ?', filter.clientId);
    const direction = filter.order === 'desc' ? 'DESC' : 'ASC';
    return queryPage(
      this.ds,
      {
        select: `rc.serial_number, rc.client_id, c.name AS client_name, rc.common_name, rc.subject_alt_names, rc.not_before, rc.not_after,
                 rc.revoked_at, rc.revocation_reason, rc.revoked_by, rc.key_origin, rc.fingerprint_sha256`,
        from: 'rm_certificates rc',
        joined: 'LEFT JOIN rm_clients c ON c.client_id = rc.client_id',
        where,
        orderBy: `rc.not_after ${direction}, rc.serial_number ${direction}`,
        page,
      },
      (r: Row) => ({
        client_id: r.client_id,
        client_name: r.client_name,
        common_name: r.common_name,
        subject_alt_names: r.subject_alt_names ?? { ips: [], hostnames: [] },
        ...certificateView(toCertificate(r), now, r.revoked_by),
      }),
    );
  }
}

function toCertificate(r: Row): ClientCertificate {
  return {
    serialNumber: r.serial_number,
    notBefore: r.not_before.toISOString(),
    notAfter: r.not_after.toISOString(),
    keyOrigin: r.key_origin ?? 'server',
    fingerprintSha256: r.fingerprint_sha256,
    ...(r.revoked_at
      ? {
          revocation: {
            reason: r.revocation_reason as NonNullable<ClientCertificate['revocation']>['reason'],
            revokedAt: r.revoked_at.toISOString(),
          },
        }
      : {}),
  };
}
