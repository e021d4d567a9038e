import { X509Certificate } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { x509 } from '@certplane/pki';
import type { CertificateRejectedError, SupersededCertificate } from '../auth/certificate-rejected.error';
import { DataSource } from 'typeorm';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { clientStreamId } from '@certplane/domain';
import { ReadModelUpdates } from '@certplane/read-model';
import { pollReadModel } from '../http/read-model-wait';
import { CertificatePendingError } from '../information/get-client-details/certificate-pending.error';

/**
 * The certificate a renewal asked for by a client certificate brought: the client's newest one once
 * it is no longer the one that asked. Waits as details does (CERTPLANE_DETAILS_WAIT_MS), then 503
 * CERTIFICATE_PENDING with Retry-After, which EST answers as 202.
 */
@Injectable()
export class ReenrolledCertificate {
  constructor(
    private readonly ds: DataSource,
    private readonly updates: ReadModelUpdates,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
  ) {}

  /**
   * A repeat of a renewal whose certificate was issued meanwhile, so the certificate asking is now
   * superseded: the client's newest certificate when it certifies the key of this same CSR. Anything
   * else is refused as the superseded certificate is everywhere else.
   */
  async repeated(
    superseded: SupersededCertificate & { rejection: CertificateRejectedError },
    csrPem: string,
  ): Promise<string> {
    const [row] = await this.ds.query(
      `SELECT certificate_serial, certificate_pem FROM rm_clients WHERE client_id = $1`,
      [superseded.clientId],
    );
    const newest: string | undefined =
      row?.certificate_serial !== superseded.serialNumber ? row?.certificate_pem : undefined;
    if (!newest || !sameKey(newest, csrPem)) throw superseded.rejection;
    return newest;
  }

  replacing(clientId: string, askedBy: string): Promise<string> {
    return pollReadModel(
      async () => {
        const [row] = await this.ds.query(
          `SELECT certificate_serial, certificate_pem FROM rm_clients WHERE client_id = $1`,
          [clientId],
        );
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

function sameKey(certificatePem: string, csrPem: string): boolean {
  const spki = Buffer.from(new x509.Pkcs10CertificateRequest(csrPem).publicKey.rawData);
  return new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' }).equals(spki);
}
