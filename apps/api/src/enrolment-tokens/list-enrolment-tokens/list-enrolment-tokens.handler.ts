import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { EnrolmentTokenRegistry } from '@certplane/event-store';
import { EnrolmentTokenReadModel } from '@certplane/projections';
import { ReadModelUpdates } from '@certplane/read-model';
import { awaitReadModel } from '../../http/read-model-wait';
import { enrolmentTokenView, EnrolmentTokenView } from '../enrolment-token-view';
import { ListEnrolmentTokensQuery } from './list-enrolment-tokens.query';

/** Every token, oldest first, from the read model once it has caught up with the registry (read-your-writes). */
@QueryHandler(ListEnrolmentTokensQuery)
export class ListEnrolmentTokensHandler implements IQueryHandler<ListEnrolmentTokensQuery, EnrolmentTokenView[]> {
  constructor(
    private readonly registry: EnrolmentTokenRegistry,
    private readonly readModel: EnrolmentTokenReadModel,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    private readonly updates: ReadModelUpdates,
  ) {}

  async execute(): Promise<EnrolmentTokenView[]> {
    const { all, rows } = await awaitReadModel(
      async () => {
        const all = await this.registry.list();
        const rows = await this.readModel.byIds(all.map((t) => t.tokenId));
        return all.every((t) => (rows.get(t.tokenId)?.version ?? 0) >= t.version) ? { all, rows } : undefined;
      },
      this.config.details,
      this.updates,
    );
    const now = new Date();
    return all.map((t) => enrolmentTokenView(rows.get(t.tokenId)!, now));
  }
}
