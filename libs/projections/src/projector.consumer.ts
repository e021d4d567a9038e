import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CertplaneConfig } from '@certplane/config';
import { DeadLetterStore, decodeEvent } from '@certplane/event-store';
import { IncomingMessage, MessageBus, Subscription } from '@certplane/messaging';
import { APP_LOGGER, AppLogger, CONFIG, consumerSpec, MESSAGE_BUS } from '@certplane/platform';
import { Projector } from './projector';
import { fromEnvelope } from './projected-event';

export const PROJECTOR_DURABLE = 'projector';

@Injectable()
export class ProjectorConsumer implements OnModuleInit, OnModuleDestroy {
  private subscription?: Subscription;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly deadLetters: DeadLetterStore,
    private readonly projector: Projector,
  ) {}

  async onModuleInit(): Promise<void> {
    const categories = [...new Set(this.projector.projections.map((p) => p.category))];
    const subjects = categories.map((c) => `${this.config.nats.subjectPrefix}.${c}.>`);
    this.subscription = await this.bus.consume(consumerSpec(this.config, PROJECTOR_DURABLE, subjects), (m) => this.handle(m), this.deadLetters.record);
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
  }

  async handle(msg: IncomingMessage): Promise<void> {
    const { envelope } = decodeEvent(msg.data);
    try {
      await this.projector.project(fromEnvelope(envelope));
    } catch (e) {
      this.logger.warn('projector could not apply an event', { type: envelope.type, streamId: envelope.streamId, delivery: msg.deliveryCount, error: (e as Error).message });
      throw e;
    }
  }
}
