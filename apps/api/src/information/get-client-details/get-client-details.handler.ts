import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CertplaneConfig } from '@certplane/config';
import { ClientDisabledError, clientIdForDetailsSecret, ClientNotFoundError, clientStreamId, isDetailsSecret } from '@certplane/domain';
import { CONFIG } from '@certplane/platform';
import { ReadModelUpdates } from '@certplane/read-model';
import { CertificateAuthorityStore, ClientKeyVault } from '@certplane/vault';
import { GetClientDetailsQuery } from './get-client-details.query';
import { CertificatePendingError } from './certificate-pending.error';
import { pollReadModel } from '../../http/read-model-wait';

export type ClientDetails = Record<string, unknown>;

/**
 * Answers from the read model. Right after enrolment the certificate may still be on its way
 * through the bus, the issuer and the projector, so for a live client without one the query
 * waits (bounded by CERTPLANE_DETAILS_WAIT_MS) and then answers 503 with Retry-After. Whether
 * the client is live comes from the registry written with the enrolment itself, so an unknown
 * or removed id is a 404 at once, never a wait.
 */
@QueryHandler(GetClientDetailsQuery)
export class GetClientDetailsHandler implements IQueryHandler<GetClientDetailsQuery, ClientDetails> {
  constructor(
    private readonly ds: DataSource,
    private readonly ca: CertificateAuthorityStore,
    private readonly keys: ClientKeyVault,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    private readonly updates: ReadModelUpdates,
  ) {}

  async execute({ detailsSecret }: GetClientDetailsQuery): Promise<ClientDetails> {
    if (!isDetailsSecret(detailsSecret)) throw new ClientNotFoundError('with that id');
    const clientId = clientIdForDetailsSecret(detailsSecret);
    return pollReadModel(() => this.readyAnswer(clientId), this.config.details, this.updates, clientStreamId(clientId), () => {
      throw new CertificatePendingError(this.config.details.retryAfterSeconds);
    });
  }

  /**
   * The newest certificate once it is usable: not the held one an enable is replacing, and, for a
   * server key, with the key that matches it (the vault changes with an issuance, the read model a
   * moment later). Until then undefined: the certificate is pending. One round trip reads the
   * registry, both read models and the vault: leaving, deleting and disabling take effect at once,
   * since the registry changes in their own transaction while the read model follows a moment later.
   */
  private async readyAnswer(clientId: string): Promise<ClientDetails | undefined> {
    const [row]: DetailsRow[] = await this.ds.query(
      `SELECT r.disabled, c.name, c.topics, c.certificate_pem, c.certificate_serial, c.key_origin,
              rc.status AS certificate_status, k.serial_number AS key_serial, k.sealed_private_key
         FROM client_registry r
         LEFT JOIN rm_clients c ON c.client_id = r.client_id
         LEFT JOIN rm_certificates rc ON rc.serial_number = c.certificate_serial
         LEFT JOIN client_keys k ON k.client_id = r.client_id AND c.key_origin = 'server'
        WHERE r.client_id = $1 AND r.active`,
      [clientId],
    );
    if (row === undefined) throw new ClientNotFoundError('with that id');
    if (row.disabled) throw new ClientDisabledError();
    if (!row.certificate_pem || !row.certificate_serial || row.certificate_status !== 'valid') return undefined;
    if (row.key_origin === 'server' && row.key_serial !== row.certificate_serial) return undefined;
    const ca = await this.ca.get();
    return {
      name: row.name,
      topics: row.topics,
      ca: ca.certificatePem,
      cert: row.certificate_pem,
      ...(row.key_origin === 'server' ? { key: this.keys.open(clientId, row.sealed_private_key!) } : {}),
      ...this.config.topicEndpoints,
    };
  }
}

interface DetailsRow {
  disabled: boolean;
  name: string;
  topics: unknown;
  certificate_pem: string | null;
  certificate_serial: string | null;
  key_origin: string | null;
  certificate_status: string | null;
  key_serial: string | null;
  sealed_private_key: string | null;
}
