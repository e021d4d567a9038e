import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { IssuerRegistry, IssuerRepository } from '@certplane/event-store';
import { issuerView, IssuerView } from '../issuer-view';
import { ListIssuersQuery } from './list-issuers.query';

/** Every issuer, oldest first, as the event store has it: there are few, and a rotation must see its own write. */
@QueryHandler(ListIssuersQuery)
export class ListIssuersHandler implements IQueryHandler<ListIssuersQuery, IssuerView[]> {
  constructor(
    private readonly registry: IssuerRegistry,
    private readonly issuers: IssuerRepository,
  ) {}

  async execute(): Promise<IssuerView[]> {
    const all = await Promise.all((await this.registry.list()).map((r) => this.issuers.load(r.issuerId)));
    const now = new Date();
    return all.map((i) => issuerView(i, now));
  }
}
