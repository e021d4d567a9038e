import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { clientStreamId } from '@certplane/domain';
import { ReadModelUpdates } from '@certplane/read-model';
import { pollReadModel } from '../http/read-model-wait';
import { CertificatePendingError } from '../information/get-client-details/certificate-pending.error';

/**
 * The certificate a renewal asked for by a client certificate brought: the client's newest one once
 * it is no longer the one that asked. Waits as details does (CERTPLANE_DETAILS_WAIT_MS), then 503
 * CERTIFICATE_PENDING with Retry-After.
 */
@Injectable()
export class ReenrolledCertificate {
  constructor(
    private readonly ds: DataSource,
    private readonly updates: ReadModelUpdates,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {}

  replacing(clientId: string, askedBy: string): Promise<string> {
    return pollReadModel(
      async () => {
        const [row] = await this.ds.query(`SELECT certificate_serial, certificate_pem FROM rm_clients WHERE client_id = $1`, [clientId]);
        return row?.certificate_pem && row.certificate_serial !== askedBy ? (row.certificate_pem as string) : undefined;
      },
      this.config.details,
      this.updates,
      clientStreamId(clientId),
      () => {
        throw new CertificatePendingError(this.config.details.retryAfterSeconds);
      },
    );
  }
}
