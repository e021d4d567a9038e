import {
  CertificateIssued,
  CertificateRegistered,
  ClientEnrolled,
  ClientParentGroupSet,
  ClientUpdated,
  eventRegistry,
  IpAddress,
} from '@certplane/domain';
import { Tx } from '@certplane/persistence';
import { Projection, rounds } from '../projection';
import { StoredEvent, streamEntityId } from '@certplane/event-store';

/** A row to insert, or the columns to set on the client's row (names from the code below, never from input). */
type Change = { insert: Record<string, unknown> } | { update: Record<string, unknown> };

/**
 * rm_clients: one row per client, what the details query and GET /clients answer from. The
 * certificate columns hold the newest certificate, whatever its status (rm_certificates has it).
 * updated_at / updated_by are the time and actor of the last event on the client, the cert-issuer's
 * included: they say who touched the client last, and the event history says the rest.
 */
export class ClientProjection implements Projection {
  readonly name = 'clients';
  readonly category = 'client';
  readonly tables = ['rm_clients'];

  apply(tx: Tx, e: StoredEvent): Promise<void> {
    return this.applyAll(tx, [[e]]);
  }

  /**
   * One INSERT for a round's enrolments and one UPDATE per set of columns, rows passed as one json
   * array that json_populate_recordset types by the table's own columns (json keeps the text as sent).
   */
  async applyAll(tx: Tx, streams: StoredEvent[][]): Promise<void> {
    for (const round of rounds(streams)) {
      const inserts: Record<string, unknown>[] = [];
      const updates = new Map<string, Record<string, unknown>[]>();
      for (const e of round) {
        const change = this.changeOf(e);
        if ('insert' in change) {
          inserts.push(change.insert);
          continue;
        }
        const row = {
          ...change.update,
          client_id: streamEntityId(e.streamId),
          updated_at: e.recordedAt,
          updated_by: e.metadata.actor ?? null,
        };
        const columns = Object.keys(row)
          .filter((c) => c !== 'client_id')
          .join(',');
        updates.set(columns, [...(updates.get(columns) ?? []), row]);
      }
      if (inserts.length > 0) {
        await tx.query(
          `INSERT INTO rm_clients (client_id, name, topics, ip, hostname, tags, metadata, status, enrolled_at, updated_at, updated_by)
           SELECT client_id, name, topics, ip, hostname, tags, metadata, status, enrolled_at, updated_at, updated_by
             FROM json_populate_recordset(NULL::rm_clients, $1::json)`,
          [JSON.stringify(inserts)],
        );
      }
      for (const [columns, rows] of updates) {
        const sets = columns.split(',').map((c) => `${c} = u.${c}`);
        await tx.query(
          `UPDATE rm_clients c SET ${sets.join(', ')} FROM json_populate_recordset(NULL::rm_clients, $1::json) AS u WHERE c.client_id = u.client_id`,
          [JSON.stringify(rows)],
        );
      }
    }
  }

  private changeOf(e: StoredEvent): Change {
    switch (e.type) {
      case 'ClientEnrolled': {
        const d = eventRegistry.dataOf(ClientEnrolled, e);
        return {
          insert: {
            client_id: d.clientId,
            name: d.name,
            topics: d.topics,
            ip: d.ip ? IpAddress.canonicalText(d.ip) : null,
            hostname: d.hostname ?? null,
            tags: d.tags ?? [],
            metadata: d.metadata ?? {},
            status: 'enabled',
            enrolled_at: e.recordedAt,
            updated_at: e.recordedAt,
            updated_by: e.metadata.actor ?? null,
          },
        };
      }
      case 'ClientUpdated': {
        const d = eventRegistry.dataOf(ClientUpdated, e);
        return {
          update: {
            ...(d.name !== undefined ? { name: d.name } : {}),
            ...(d.tags !== undefined ? { tags: d.tags } : {}),
            ...(d.metadata !== undefined ? { metadata: d.metadata } : {}),
            ...(d.ip !== undefined ? { ip: d.ip && IpAddress.canonicalText(d.ip) } : {}),
            ...(d.hostname !== undefined ? { hostname: d.hostname } : {}),
          },
        };
      }
      case 'CertificateIssued': {
        const d = eventRegistry.dataOf(CertificateIssued, e);
        return newestCertificate(d, d.keyOrigin);
      }
      case 'CertificateRegistered':
        return newestCertificate(eventRegistry.dataOf(CertificateRegistered, e), 'registered');
      case 'ClientDisabled':
        return { update: { status: 'disabled' } };
      case 'ClientEnabled':
        return { update: { status: 'enabled' } };
      case 'ClientRemoved':
      case 'ClientDeleted':
        return { update: { status: 'removed' } };
      case 'ClientParentGroupSet':
        return { update: { parent_group_id: eventRegistry.dataOf(ClientParentGroupSet, e).groupId } };
      default:
        // CertificateRevoked, CertificateRenewed, and types this version does not know.
        return { update: {} };
    }
  }
}

function newestCertificate(
  d: { serialNumber: string; certificatePem: string; notAfter: string },
  keyOrigin: string,
): Change {
  return {
    update: {
      certificate_serial: d.serialNumber,
      certificate_pem: d.certificatePem,
      certificate_not_after: d.notAfter,
      key_origin: keyOrigin,
    },
  };
}
