import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CertplaneConfig, endpointsOfTopics, CONFIG } from '@certplane/config';
import {
  ClientDisabledError,
  ClientEnrolled,
  clientIdForDetailsSecret,
  ClientNotFoundError,
  clientStreamId,
  isDetailsSecret,
} from '@certplane/domain';
import { ClientRepository } from '@certplane/event-store';
import { CoalescingLoader } from '@certplane/persistence';
import { ReadModelUpdates } from '@certplane/read-model';
import { CertificateAuthorityStore, ClientKeyVault } from '@certplane/vault';
import { GetClientDetailsQuery } from './get-client-details.query';
import { CertificatePendingError } from './certificate-pending.error';
import { NoValidCertificateError } from './no-valid-certificate.error';
import { pollReadModel } from '../../http/read-model-wait';
import { detailsTopics } from './channel-topics';
import { noSoonerThan } from '../../http/no-sooner-than';

export type ClientDetails = Record<string, unknown>;

/**
 * The projected enrolment alone never carries a certificate (a registered one is its own event),
 * so a details wait is not woken to read again when only that was projected: about one read of
 * four per enrolment under load.
 */
const NO_CERTIFICATE_YET: ReadonlySet<string> = new Set([ClientEnrolled.type]);

/** Ids looked up in one statement at most; a bound on its plan and its answer's size. */
const MAX_IDS_PER_LOOKUP = 256;

/**
 * No answer leaves sooner than CERTPLANE_DETAILS_MIN_ANSWER_MS after the query starts, hit or
 * miss, so an unknown id takes as long as a known one (see `noSoonerThan`). Answers from the read model. Right after enrolment the certificate may still be on its way
 * through the bus, the issuer and the projector, so for a live client without one the query
 * waits (bounded by CERTPLANE_DETAILS_WAIT_MS) and then answers 503 with Retry-After. Whether
 * the client is live comes from the registry written with the enrolment itself, so an unknown
 * or removed id is a 404 without waiting for a certificate.
 */
@QueryHandler(GetClientDetailsQuery)
export class GetClientDetailsHandler implements IQueryHandler<GetClientDetailsQuery, ClientDetails> {
  /**
   * Under load many details requests wait at once, each reading again on every projector commit:
   * the reads in flight together go as one statement (see CoalescingLoader; alone, a read goes at once).
   */
  private readonly rows = new CoalescingLoader((ids: string[]) => this.readRows(ids), MAX_IDS_PER_LOOKUP);

  constructor(
    private readonly ds: DataSource,
    private readonly ca: CertificateAuthorityStore,
    private readonly keys: ClientKeyVault,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    private readonly updates: ReadModelUpdates,
    private readonly clients: ClientRepository,
  ) {}

  execute({ detailsSecret }: GetClientDetailsQuery): Promise<ClientDetails> {
    return noSoonerThan(this.config.details.minAnswerMs, () => this.details(detailsSecret));
  }

  private async details(detailsSecret: string): Promise<ClientDetails> {
    // Every id, well formed or not, costs the same hash and the same indexed lookup; a malformed
    // one is then never found.
    const clientId = clientIdForDetailsSecret(detailsSecret);
    // A malformed id is looked up like any other (and never found), then refused.
    const wellFormed = isDetailsSecret(detailsSecret);
    return pollReadModel(
      () => this.readyAnswer(clientId, wellFormed),
      this.config.details,
      this.updates,
      clientStreamId(clientId),
      () => {
        throw new CertificatePendingError(this.config.details.retryAfterSeconds);
      },
      NO_CERTIFICATE_YET,
    );
  }

  /**
   * The newest certificate once it is usable: not the held one an enable is replacing (and 409
   * NO_VALID_CERTIFICATE when it is revoked with nothing replacing it), and, for a
   * server key, with the key that matches it (the vault changes with an issuance, the read model a
   * moment later). Until then undefined: the certificate is pending. One round trip reads the
   * registry, both read models and the vault: leaving, deleting and disabling take effect at once,
   * since the registry changes in their own transaction while the read model follows a moment later.
   */
  private async readyAnswer(clientId: string, wellFormed: boolean): Promise<ClientDetails | undefined> {
    // Every id, well formed or not, is one key in the same lookup.
    const row = await this.rows.load(clientId);
    if (row === undefined || !wellFormed) throw new ClientNotFoundError('with that id');
    if (row.disabled) throw new ClientDisabledError();
    if (row.certificate_status === 'revoked') return this.unlessNoneComing(clientId, row.certificate_serial!);
    if (!row.certificate_pem || !row.certificate_serial || row.certificate_status !== 'valid') return undefined;
    if (row.key_origin === 'server' && row.key_serial !== row.certificate_serial) return undefined;
    const { trustBundlePem } = await this.ca.issuers();
    const topics = detailsTopics(row.topics, row.channel_topics);
    return {
      name: row.name,
      topics,
      ca: trustBundlePem,
      cert: row.certificate_pem,
      ...(row.key_origin === 'server' ? { key: this.keys.open(clientId, row.sealed_private_key!) } : {}),
      ...(this.config.endpointsByTopic
        ? endpointsOfTopics(topics, this.config.endpointsByTopic)
        : this.config.topicEndpoints),
    };
  }

  /**
   * A revoked newest certificate is pending while the event store says a new one is due (enable,
   * rename, a renewal) or already issued and not yet projected; otherwise none is coming. Only this
   * rare case reads the stream.
   */
  private async unlessNoneComing(clientId: string, projectedSerial: string): Promise<undefined> {
    const client = await this.clients.load(clientId);
    const newest = client.currentCertificate;
    if (!client.needsCertificate() && newest?.serialNumber === projectedSerial && newest.revocation)
      throw new NoValidCertificateError(newest.revocation.reason);
    return undefined;
  }

  /** The registry, both read models and the vault for many ids in one round trip; live clients only. */
  private async readRows(clientIds: string[]): Promise<Map<string, DetailsRow>> {
    const rows: (DetailsRow & { client_id: string })[] = await this.ds.query(
      `SELECT r.client_id, r.disabled, c.name, c.topics, c.certificate_pem, c.certificate_serial, c.key_origin,
              rc.status AS certificate_status, k.serial_number AS key_serial, k.sealed_private_key,
              (SELECT json_object_agg(ch.name, ch.route ORDER BY ch.created_at, ch.channel_id)
                 FROM (SELECT DISTINCT channel_id FROM rm_channel_connections WHERE client_id = r.client_id) cc
                 JOIN rm_channels ch USING (channel_id)
                WHERE ch.route IS NOT NULL) AS channel_topics
         FROM client_registry r
         LEFT JOIN rm_clients c ON c.client_id = r.client_id
         LEFT JOIN rm_certificates rc ON rc.serial_number = c.certificate_serial
         LEFT JOIN client_keys k ON k.client_id = r.client_id AND c.key_origin = 'server'
        WHERE r.client_id = ANY($1::text[]) AND r.active`,
      [clientIds],
    );
    return new Map(rows.map((r) => [r.client_id, r]));
  }
}

interface DetailsRow {
  disabled: boolean;
  name: string;
  topics: Record<string, string>;
  /** Channel name → route of the channels the client is connected to that have a route; null for none. */
  channel_topics: Record<string, string> | null;
  certificate_pem: string | null;
  certificate_serial: string | null;
  key_origin: string | null;
  certificate_status: string | null;
  key_serial: string | null;
  sealed_private_key: string | null;
}
