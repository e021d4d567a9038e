import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventConsumers } from '@certplane/platform';
import { Projector } from './projector';

export const PROJECTOR_DURABLE = 'projector';

/** The projector's durable consumer: every event of the categories its projections follow. */
@Injectable()
export class ProjectorConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly projector: Projector,
  ) {}

  onModuleInit(): Promise<void> {
    const categories = [...new Set(this.projector.projections.map((p) => p.category))];
    const subjects = categories.map((c) => `${this.consumers.subjectPrefix}.${c}.>`);
    return this.consumers.subscribe(PROJECTOR_DURABLE, subjects, async (event) => {
      await this.projector.project(event);
    });
  }
}
