import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { IssuerNotFoundError } from '@certplane/domain';
import { CertificateAuthorityStore } from '@certplane/vault';
import { GetIssuerCertificateQuery } from './get-issuer-certificate.query';

/** Any issuer with a certificate, retired ones too: a leaf names its issuer for as long as anyone looks at it. */
@QueryHandler(GetIssuerCertificateQuery)
export class GetIssuerCertificateHandler implements IQueryHandler<GetIssuerCertificateQuery, Uint8Array> {
  constructor(private readonly store: CertificateAuthorityStore) {}

  async execute({ issuerId }: GetIssuerCertificateQuery): Promise<Uint8Array> {
    const { all, unavailable, retired } = await this.store.issuers();
    const certificate =
      all.find((i) => i.id === issuerId)?.ca.certificate ??
      [...unavailable, ...retired].find((i) => i.id === issuerId)?.certificate;
    if (!certificate) throw new IssuerNotFoundError(issuerId);
    return new Uint8Array(certificate.rawData);
  }
}
