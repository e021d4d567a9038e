import { ConcurrencyLimiter } from './concurrency-limiter';
import { validateConsumerSpec } from './consumer-spec';
import { settleDelivery, type Settlement } from './delivery';
import {
  silentLogger,
  type ConsumerSpec,
  type DeadLetterSink,
  type IncomingMessage,
  type MessageBus,
  type MessageHandler,
  type MessagingLogger,
  type OutgoingMessage,
  type Subscription,
} from './message-bus';
import { describeError, MessagingError } from './messaging.errors';
import { subjectMatches } from './subject-matcher';
import { assertSubject } from './subjects';

export interface InProcessBusOptions {
  duplicateWindowMs?: number;
  logger?: MessagingLogger;
}

interface RecentPublish {
  at: number;
  settled: boolean;
  outcome: Promise<void>;
}

/**
 * MessageBus for the embedded single-process mode (no NATS).
 *
 * There is no broker-side storage: publish() hands the message straight to
 * the matching subscriptions and resolves only once every one of them has
 * handled it (acked) or dead-lettered it. That is what keeps the outbox safe
 * in-process: the relay deletes outbox rows only after publish() resolves, so
 * a crash before then re-publishes on restart. Consequently messages
 * published while no subscription of a durable exists are NOT kept for it —
 * the outbox is the durable store in this mode, not the bus.
 *
 * If a message cannot be finished because every matching subscription of a
 * durable stopped while it was being retried, publish() rejects so the outbox
 * row stays and the message is re-published later.
 *
 * Differences from JetStream worth knowing: ackWaitMs is ignored (a handler
 * cannot be lost without the whole process dying), and a handler must not
 * await a publish() that needs its own subscription's last free slot — it
 * would wait for itself. certplane handlers write to the event store and let
 * the relay publish, so they never do.
 */
export class InProcessBus implements MessageBus {
  private readonly duplicateWindowMs: number;
  private readonly logger: MessagingLogger;
  private readonly subscriptions = new Set<InProcessSubscription>();
  private readonly recent = new Map<string, RecentPublish>();
  /** Per durable, messages handed to it and not yet settled: its lag. */
  private readonly unsettled = new Map<string, number>();
  private closed = false;
  private roundRobin = 0;

  constructor(opts: InProcessBusOptions = {}) {
    this.duplicateWindowMs = opts.duplicateWindowMs ?? 120_000;
    this.logger = opts.logger ?? silentLogger;
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    for (const m of messages) {
      assertSubject('subject', m.subject);
      if (typeof m.msgId !== 'string' || m.msgId.length === 0) {
        throw new MessagingError(`message on ${m.subject} has no msgId`);
      }
    }
    this.forgetExpired();

    // Started in order and synchronously, so each subscription queues them in
    // publish order; with concurrency 1 handlers see them strictly in order.
    const outcomes = messages.map((m) => this.publishOne(m));
    const results = await Promise.allSettled(outcomes);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) {
      throw new MessagingError(
        `${failed.length} of ${messages.length} message(s) were not handled: ${describeError(failed[0].reason)}`,
        {
          cause: failed[0].reason,
        },
      );
    }
  }

  async consume(spec: ConsumerSpec, handler: MessageHandler, deadLetterSink: DeadLetterSink): Promise<Subscription> {
    this.assertOpen();
    validateConsumerSpec(spec);
    const sub = new InProcessSubscription(
      { ...spec, filterSubjects: [...spec.filterSubjects], backoffMs: [...spec.backoffMs] },
      handler,
      deadLetterSink,
      this.logger,
      (s) => this.subscriptions.delete(s),
    );
    this.subscriptions.add(sub);
    return sub;
  }

  async isHealthy(): Promise<boolean> {
    return !this.closed;
  }

  async consumerLag(durable: string): Promise<number | undefined> {
    const known = this.unsettled.has(durable) || [...this.subscriptions].some((s) => s.spec.durable === durable);
    return known ? (this.unsettled.get(durable) ?? 0) : undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }

  private publishOne(m: OutgoingMessage): Promise<void> {
    const seen = this.recent.get(m.msgId);
    if (seen) {
      // Same as a duplicate PubAck: success — but only once the original has
      // really been handled, so the caller's guarantee still holds.
      return seen.outcome;
    }
    const durables = new Set<string>();
    for (const s of this.subscriptions) {
      if (s.matches(m.subject)) {
        durables.add(s.spec.durable);
      }
    }
    const outcome = Promise.all([...durables].map((d) => this.deliverToDurable(d, m))).then(() => undefined);
    const entry: RecentPublish = { at: Date.now(), settled: false, outcome };
    this.recent.set(m.msgId, entry);
    outcome.then(
      () => {
        entry.settled = true;
      },
      () => {
        // A failed publish must be retryable with the same msgId.
        if (this.recent.get(m.msgId) === entry) {
          this.recent.delete(m.msgId);
        }
      },
    );
    return outcome;
  }

  private async deliverToDurable(durable: string, m: OutgoingMessage): Promise<void> {
    this.unsettled.set(durable, (this.unsettled.get(durable) ?? 0) + 1);
    try {
      await this.deliverUntilSettled(durable, m);
    } finally {
      this.unsettled.set(durable, this.unsettled.get(durable)! - 1);
    }
  }

  private async deliverUntilSettled(durable: string, m: OutgoingMessage): Promise<void> {
    let deliveryCount = 0;
    for (;;) {
      const member = this.pickMember(durable, m.subject);
      if (!member) {
        throw new MessagingError(
          `no running subscription of durable ${durable} left to handle ${m.subject} (msgId ${m.msgId})`,
        );
      }
      const incoming: IncomingMessage = {
        subject: m.subject,
        msgId: m.msgId,
        headers: { ...m.headers },
        data: m.data,
        deliveryCount: deliveryCount + 1,
      };
      const settlement = await member.handle(incoming);
      if (settlement === undefined) {
        // That member stopped before it could take the message; not a delivery.
        continue;
      }
      deliveryCount++;
      if (settlement.kind !== 'nak') {
        return;
      }
      if (settlement.delayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, settlement.delayMs));
      }
    }
  }

  /** Members of one durable form a queue: each delivery goes to one of them, round-robin. */
  private pickMember(durable: string, subject: string): InProcessSubscription | undefined {
    const candidates = [...this.subscriptions].filter((s) => s.spec.durable === durable && s.matches(subject));
    if (candidates.length === 0) {
      return undefined;
    }
    return candidates[this.roundRobin++ % candidates.length];
  }

  private forgetExpired(): void {
    const cutoff = Date.now() - this.duplicateWindowMs;
    for (const [msgId, entry] of this.recent) {
      if (entry.at > cutoff) {
        break; // insertion order == age order
      }
      if (entry.settled) {
        this.recent.delete(msgId);
      }
    }
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new MessagingError('message bus is closed');
    }
  }
}

class InProcessSubscription implements Subscription {
  private readonly limiter: ConcurrencyLimiter;
  private stopping?: Promise<void>;

  constructor(
    readonly spec: ConsumerSpec,
    private readonly handler: MessageHandler,
    private readonly deadLetterSink: DeadLetterSink,
    private readonly logger: MessagingLogger,
    private readonly onStopped: (s: InProcessSubscription) => void,
  ) {
    this.limiter = new ConcurrencyLimiter(spec.concurrency);
  }

  matches(subject: string): boolean {
    return this.stopping === undefined && this.spec.filterSubjects.some((f) => subjectMatches(f, subject));
  }

  /** Undefined when the subscription stopped before the handler could start. */
  async handle(msg: IncomingMessage): Promise<Settlement | undefined> {
    if (!(await this.limiter.acquire())) {
      return undefined;
    }
    try {
      return await settleDelivery(msg, this.spec, this.handler, this.deadLetterSink, this.logger);
    } finally {
      this.limiter.release();
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.onStopped(this);
      this.limiter.close();
      await this.limiter.whenIdle();
    })();
    return this.stopping;
  }
}
