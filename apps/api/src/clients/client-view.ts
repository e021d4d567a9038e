import {
  ClientEvent,
  CertificateHoldReleased,
  certificateStatus,
  CertificateRevoked,
  Client,
  ClientCertificate,
  ClientStatus,
  KeyOrigin,
  Metadata,
} from '@certplane/domain';
import { StoredEvent } from '@certplane/event-store';
import type { CertificateView, ClientView } from '@certplane/api-contract';

export type { CertificateView, ClientView } from '@certplane/api-contract';

export function certificateView(c: ClientCertificate, at: Date, revokedBy?: string | null): CertificateView {
  return {
    serial_number: c.serialNumber,
    not_before: c.notBefore,
    not_after: c.notAfter,
    status: certificateStatus(c, at),
    revocation: c.revocation
      ? { reason: c.revocation.reason, revoked_at: c.revocation.revokedAt, revoked_by: revokedBy ?? null }
      : null,
    key_origin: c.keyOrigin,
    fingerprint_sha256: c.fingerprintSha256,
  };
}

/**
 * The client folded from its events (all of them, or those up to a moment): what commands answer
 * right after they append, and what `?at=` answers. created_at is the first event's time;
 * updated_at / updated_by the last one's, as in the read model.
 */
export function clientViewFromHistory(history: readonly StoredEvent<ClientEvent>[], at: Date): ClientView {
  const client = Client.fromHistory(history[0].data.clientId, history);
  const last = history[history.length - 1];
  const current = client.currentCertificate;
  return {
    id: client.id,
    name: client.name,
    status: client.status,
    tags: [...client.tags],
    metadata: client.metadata,
    topics: client.topics,
    ip: client.sans.ip ?? null,
    hostname: client.sans.hostname ?? null,
    certificate: current ? certificateView(current, at, revokersIn(history).get(current.serialNumber)) : null,
    parent_group_id: client.parentGroupId ?? null,
    created_at: history[0].recordedAt.toISOString(),
    updated_at: last.recordedAt.toISOString(),
    updated_by: last.metadata.actor ?? null,
  };
}

/** Who revoked each revoked certificate of a stream: the actor of its latest CertificateRevoked, unless released since. */
export function revokersIn(history: readonly StoredEvent<ClientEvent>[]): Map<string, string> {
  const by = new Map<string, string>();
  for (const e of history) {
    if (e.type === CertificateRevoked.type && e.metadata.actor) by.set(e.data.serialNumber, e.metadata.actor);
    if (e.type === CertificateHoldReleased.type) by.delete(e.data.serialNumber);
  }
  return by;
}

/** rm_clients joined with its newest certificate's rm_certificates row (the list's query selects these columns). */
export interface ClientRow {
  client_id: string;
  name: string;
  status: ClientStatus;
  tags: string[];
  metadata: Metadata;
  topics: Record<string, string>;
  ip: string | null;
  hostname: string | null;
  enrolled_at: Date;
  updated_at: Date;
  updated_by: string | null;
  certificate_serial: string | null;
  cert_not_before: Date | null;
  cert_not_after: Date | null;
  cert_revoked_at: Date | null;
  cert_revocation_reason: string | null;
  cert_revoked_by: string | null;
  cert_key_origin: KeyOrigin | null;
  cert_fingerprint: string | null;
  parent_group_id: string | null;
}

export const CLIENT_ROWS = {
  select: `c.client_id, c.name, c.status, c.tags, c.metadata, c.topics, c.ip, c.hostname, c.enrolled_at, c.updated_at, c.updated_by, c.certificate_serial,
    rc.not_before AS cert_not_before, rc.not_after AS cert_not_after, rc.revoked_at AS cert_revoked_at, rc.revocation_reason AS cert_revocation_reason, rc.revoked_by AS cert_revoked_by,
    rc.key_origin AS cert_key_origin, rc.fingerprint_sha256 AS cert_fingerprint, c.parent_group_id`,
  from: 'rm_clients c',
  joined: 'LEFT JOIN rm_certificates rc ON rc.serial_number = c.certificate_serial',
};

export function clientViewFromRow(r: ClientRow, at: Date): ClientView {
  const certificate: ClientCertificate | undefined =
    r.certificate_serial && r.cert_not_after
      ? {
          serialNumber: r.certificate_serial,
          notBefore: r.cert_not_before!.toISOString(),
          notAfter: r.cert_not_after.toISOString(),
          keyOrigin: r.cert_key_origin ?? 'server',
          fingerprintSha256: r.cert_fingerprint!,
          ...(r.cert_revoked_at
            ? {
                revocation: {
                  reason: r.cert_revocation_reason as NonNullable<ClientCertificate['revocation']>['reason'],
                  revokedAt: r.cert_revoked_at.toISOString(),
                },
              }
            : {}),
        }
      : undefined;
  return {
    id: r.client_id,
    name: r.name,
    status: r.status,
    tags: r.tags,
    metadata: r.metadata,
    topics: r.topics,
    ip: r.ip,
    hostname: r.hostname,
    certificate: certificate ? certificateView(certificate, at, r.cert_revoked_by) : null,
    parent_group_id: r.parent_group_id,
    created_at: r.enrolled_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    updated_by: r.updated_by,
  };
}
