import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CertificateAuthorityStore } from '@certplane/vault';
import { GetCaChainQuery } from './get-ca-chain.query';

@QueryHandler(GetCaChainQuery)
export class GetCaChainHandler implements IQueryHandler<GetCaChainQuery, string> {
  constructor(private readonly issuers: CertificateAuthorityStore) {}

  async execute(): Promise<string> {
    return (await this.issuers.issuers()).trustBundlePem;
  }
}
