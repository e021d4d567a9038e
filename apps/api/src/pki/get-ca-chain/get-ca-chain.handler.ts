import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CertificateAuthorityChain } from '@certplane/vault';
import { GetCaChainQuery } from './get-ca-chain.query';

@QueryHandler(GetCaChainQuery)
export class GetCaChainHandler implements IQueryHandler<GetCaChainQuery, string> {
  constructor(private readonly chain: CertificateAuthorityChain) {}

  execute(): Promise<string> {
    return this.chain.pem();
  }
}
