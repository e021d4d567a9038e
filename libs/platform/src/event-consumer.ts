import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { CertplaneConfig } from '@certplane/config';
import { DeadLetterStore, decodeEvent, EventEnvelope } from '@certplane/event-store';
import { DomainEvent } from '@certplane/domain';
import { MessageBus, Subscription } from '@certplane/messaging';
import { APP_LOGGER, CONFIG, MESSAGE_BUS } from './tokens';
import { AppLogger } from './logger';
import { consumerSpec } from './consumer-defaults';

/**
 * How every worker consumes certplane's events: a durable consumer with the shared retry
 * policy, envelopes decoded and validated (bad ones are poison), failures logged with the
 * delivery count and left for redelivery, the subscription drained on shutdown.
 */
@Injectable()
export class EventConsumers implements OnModuleDestroy {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly deadLetters: DeadLetterStore,
  ) {}

  get subjectPrefix(): string {
    return this.config.nats.subjectPrefix;
  }

  async subscribe(durable: string, subjects: string[], handle: (event: DomainEvent, envelope: EventEnvelope) => Promise<void>): Promise<void> {
    const subscription = await this.bus.consume(
      consumerSpec(this.config, durable, subjects),
      async (msg) => {
        const { envelope, event } = decodeEvent(msg.data);
        try {
          await handle(event, envelope);
        } catch (e) {
          this.logger.warn(`${durable} could not handle an event`, { type: event.type, streamId: envelope.streamId, delivery: msg.deliveryCount, error: (e as Error).message });
          throw e;
        }
      },
      this.deadLetters.record,
    );
    this.subscriptions.push(subscription);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.stop()));
  }
}
