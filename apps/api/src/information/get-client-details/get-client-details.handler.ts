import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { CertplaneConfig } from '@certplane/config';
import { ClientDisabledError, clientIdForDetailsSecret, ClientNotFoundError, isDetailsSecret } from '@certplane/domain';
import { ClientRegistry } from '@certplane/event-store';
import { CONFIG } from '@certplane/platform';
import { ClientReadModel } from '@certplane/read-model';
import { CertificateAuthorityStore, ClientKeyVault } from '@certplane/vault';
import { GetClientDetailsQuery } from './get-client-details.query';
import { CertificatePendingError } from './certificate-pending.error';

export type ClientDetails = Record<string, unknown>;

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
  constructor(
    private readonly ds: DataSource,
    private readonly registry: ClientRegistry,
    private readonly ca: CertificateAuthorityStore,
    private readonly keys: ClientKeyVault,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {}

  execute({ detailsSecret }: GetClientDetailsQuery): Promise<ClientDetails> {
    return noSoonerThan(this.config.details.minAnswerMs, () => this.details(detailsSecret));
  }

  private async details(detailsSecret: string): Promise<ClientDetails> {
    // Every id, well formed or not, costs the same hash and the same indexed lookup; a malformed
    // one is then never found.
    const clientId = clientIdForDetailsSecret(detailsSecret);
    const live = await this.registry.liveStatus(clientId);
    const status = isDetailsSecret(detailsSecret) ? live : undefined;
    // Leaving, deleting and disabling take effect at once: the registry changes in their own
    // transaction, while the read model follows a moment later.
    if (status === undefined) throw new ClientNotFoundError('with that id');
    if (status === 'disabled') throw new ClientDisabledError();
    const deadline = Date.now() + this.config.details.waitMs;
    for (let attempt = 0; ; attempt++) {
      const ready = await this.readyAnswer(clientId);
      if (ready) return ready;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new CertificatePendingError(this.config.details.retryAfterSeconds);
      await sleep(Math.min(remaining, 5 * 2 ** Math.min(attempt, 5)));
    }
  }

  /**
   * The newest certificate once it is usable: not the held one an enable is replacing, and, for a
   * server key, with the key that matches it (the vault changes with an issuance, the read model a
   * moment later). Until then undefined: the certificate is pending.
   */
  private async readyAnswer(clientId: string): Promise<ClientDetails | undefined> {
    const row = await this.ds.getRepository(ClientReadModel).findOneBy({ clientId });
    if (!row?.certificatePem || !row.certificateSerial) return undefined;
    const [certificate] = await this.ds.query(`SELECT status FROM rm_certificates WHERE serial_number = $1`, [row.certificateSerial]);
    if (certificate?.status !== 'valid') return undefined;
    const key = row.keyOrigin === 'server' ? await this.keys.read(row.clientId) : undefined;
    if (row.keyOrigin === 'server' && key?.serialNumber !== row.certificateSerial) return undefined;
    return this.answer(row, key);
  }

  private async answer(row: ClientReadModel, key: { privateKeyPem: string } | undefined): Promise<ClientDetails> {
    const ca = await this.ca.get();
    return {
      name: row.name,
      topics: row.topics,
      ca: ca.certificatePem,
      cert: row.certificatePem,
      ...(key ? { key: key.privateKeyPem } : {}),
      ...this.config.topicEndpoints,
    };
  }
}

/**
 * Runs `work` and settles with it, but not before `floorMs` have passed since the start. Every
 * details answer pays the same floor, so a miss (one indexed lookup, a few ms) is not told from a
 * hit (four lookups and an unsealing) by its timing. A constant floor rather than random jitter:
 * jitter averages out over repeated requests, a floor above the work's usual time does not. A hit
 * that needs longer (the certificate is still on its way) answers later, but that is visible
 * anyway, in the answer itself.
 */
export async function noSoonerThan<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const floor = sleep(floorMs);
  try {
    return await work();
  } finally {
    await floor;
  }
}
