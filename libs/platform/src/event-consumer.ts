import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import {
  DeadLetterStore,
  PostgresEventStore,
  readDeliveredEvent,
  RejectionReason,
  StoredEvent,
} from '@certplane/event-store';
import { CertplaneEvent } from '@certplane/domain';
import { IncomingMessage, MessageBus, Subscription } from '@certplane/messaging';
import { CertplaneMetrics, ReadinessChecks, runWithTrace } from '@certplane/observability';
import { APP_LOGGER, MESSAGE_BUS } from './tokens';
import { AppLogger } from './logger';
import { consumerSpec } from './consumer-defaults';

/**
 * How every worker consumes certplane's events: a durable consumer with the shared retry
 * policy, envelopes decoded and validated (bad ones are poison), failures logged with the
 * delivery count and left for redelivery, the subscription drained on shutdown.
 *
 * A message is only news that a stream moved: handlers get the event as the store holds it, read
 * by the message's event id. A message that is not exactly the relay's message of a stored event
 * (forged, altered, re-sent under a new id) is acked and counted, and nothing else happens: so
 * redelivering it would change nothing either. The in-process bus goes through the same check,
 * though only the relay publishes on it: one path for every bus, and a lookup per batch of
 * deliveries is cheap next to a second code path that a wrong setting could open to a network bus.
 *
 * It is also where consuming is observed, the same way for every worker: each event is handled
 * inside its trace context (the correlation and request ids from its metadata, so that every
 * line the handler logs carries them), ends in one log line and one sample of the handling
 * metrics, and each durable's lag feeds /metrics and /health/ready.
 */
@Injectable()
export class EventConsumers implements OnModuleDestroy {
  private readonly subscriptions: Subscription[] = [];
  private readonly durables: string[] = [];

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly deadLetters: DeadLetterStore,
    private readonly store: PostgresEventStore,
    private readonly metrics: CertplaneMetrics,
    private readonly readiness: ReadinessChecks,
  ) {
    metrics.consumerLag.sample(async (set) => {
      await Promise.all(
        this.durables.map(async (consumer) => {
          const lag = await this.bus.consumerLag(consumer);
          if (lag !== undefined) set(lag, { consumer });
        }),
      );
    });
  }

  get subjectPrefix(): string {
    return this.config.nats.subjectPrefix;
  }

  async subscribe(
    durable: string,
    subjects: string[],
    handle: (event: StoredEvent<CertplaneEvent>) => Promise<void>,
  ): Promise<void> {
    const subscription = await this.bus.consume(
      consumerSpec(this.config, durable, subjects),
      async (msg) => {
        const delivered = await readDeliveredEvent(msg, this.store);
        if (!delivered.ok) return this.rejected(durable, msg, delivered.reason);
        const { event } = delivered;
        const { correlationId, requestId } = event.metadata;
        await runWithTrace({ requestId, correlationId, eventId: event.eventId, consumer: durable }, () =>
          this.observed(durable, event, msg.deliveryCount, handle),
        );
      },
      this.deadLetters.record,
    );
    this.subscriptions.push(subscription);
    this.watchLag(durable);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.stop()));
  }

  /** What a forger chose (ids, bodies) stays out of the line: the subject and delivery say where to look. */
  private rejected(durable: string, msg: IncomingMessage, reason: RejectionReason): void {
    this.metrics.busMessagesRejected.inc({ consumer: durable, reason });
    this.logger.warn('bus message rejected: not news of a stored event', {
      consumer: durable,
      reason,
      subject: msg.subject,
      delivery: msg.deliveryCount,
    });
  }

  private async observed(
    durable: string,
    event: StoredEvent<CertplaneEvent>,
    delivery: number,
    handle: (event: StoredEvent<CertplaneEvent>) => Promise<void>,
  ): Promise<void> {
    const labels = { consumer: durable, type: event.type };
    const stop = this.metrics.eventHandlingDuration.startTimer(labels);
    const where = { type: event.type, streamId: event.streamId, streamVersion: event.streamVersion, delivery };
    try {
      await handle(event);
    } catch (e) {
      this.metrics.eventsHandled.inc({ ...labels, outcome: 'failed' });
      this.logger.warn(`${durable} could not handle an event`, { ...where, error: (e as Error).message });
      throw e;
    }
    const seconds = stop();
    this.metrics.eventsHandled.inc({ ...labels, outcome: 'ok' });
    this.logger.info('event handled', { ...where, durationMs: Math.round(seconds * 1000) });
  }

  /** Lag is shared by every process on the durable: it warns, never fails, or new instances could not become ready to help. */
  private watchLag(durable: string): void {
    if (this.durables.includes(durable)) return;
    this.durables.push(durable);
    this.readiness.add({
      name: `${durable}:consumerLag`,
      componentType: 'component',
      run: async () => {
        const lag = await this.bus.consumerLag(durable);
        if (lag === undefined) throw new Error(`consumer ${durable} does not exist`);
        const over = lag > this.config.consumerLagWarn;
        return {
          status: over ? 'warn' : 'pass',
          observedValue: lag,
          observedUnit: 'messages',
          ...(over
            ? { output: `more than CERTPLANE_CONSUMER_LAG_WARN (${this.config.consumerLagWarn}) messages behind` }
            : {}),
        };
      },
    });
  }
}
