import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type PubAck,
} from '@nats-io/jetstream';
import { validateConsumerSpec } from './consumer-spec';
import { durabilityOf, ensureStream, isConsumerNotFound, type StreamDurability } from './jetstream.stream';
import { JetStreamSubscription } from './jetstream.subscription';
import {
  silentLogger,
  type ConsumerSpec,
  type DeadLetterSink,
  type MessageBus,
  type MessageHandler,
  type MessagingLogger,
  type OutgoingMessage,
  type Subscription,
} from './message-bus';
import { describeError, MessagingError } from './messaging.errors';
import { createHeaders, isTimeoutError, type MsgHdrs, type NatsConnection } from './nats-client';
import { closeNatsConnection, openNatsConnection, type NatsConnectionSettings } from './nats-connection';
import { filterIsWithin } from './subject-matcher';
import { assertSubject } from './subjects';

export interface JetStreamBusOptions extends NatsConnectionSettings {
  /** Configurable so several deployments / test runs can share one NATS. */
  streamName: string;
  /** The stream captures `${subjectPrefix}.>`. */
  subjectPrefix: string;
  /** Default 120000. */
  duplicateWindowMs?: number;
  /** Replicas, storage and retention limits of the stream and its consumers; defaults in StreamDurability. */
  durability?: Partial<StreamDurability>;
  /** Connection name shown in NATS monitoring. */
  name?: string;
  logger?: MessagingLogger;
  /** How long publish() waits for each PubAck before failing (callers retry). Default 5000. */
  publishTimeoutMs?: number;
  /** Pull request expiry; also paces idle heartbeats (half of it) and consumer recovery. Min 1000, default 5000. */
  pullExpiresMs?: number;
  /** How long Subscription.stop()/close() wait for running handlers before handing their messages back. Default 30000. */
  stopGraceMs?: number;
  /** Wait between reconnect attempts. Default 500. */
  reconnectTimeWaitMs?: number;
  /** How long start-up waits for JetStream to answer (a cluster electing its leader). Default 60000. */
  setupTimeoutMs?: number;
}

const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A cluster that has just started answers JetStream requests only once it has elected a meta
 * leader (seconds, more under load), and a server being restarted not at all: start-up waits for
 * that rather than failing, as long as the failure is a time-out or JetStream saying it is
 * unavailable. Anything else (refused credentials, overlapping subjects) fails at once.
 */
async function untilJetStreamAnswers<T>(
  setup: () => Promise<T>,
  timeoutMs: number,
  logger: MessagingLogger,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await setup();
    } catch (err) {
      const passing = isTimeoutError(err) || /temporarily unavailable/i.test((err as Error)?.message ?? '');
      if (!passing || Date.now() >= deadline) throw err;
      if (attempt === 1) logger.info('JetStream does not answer yet; waiting for it', { error: describeError(err) });
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000 * attempt, 5_000)));
    }
  }
}
const HEALTH_TIMEOUT_MS = 2_000;

/**
 * MessageBus over NATS JetStream — the only code in certplane that knows
 * JetStream. Publishing waits for PubAcks (Nats-Msg-Id de-duplicates retries
 * inside the stream's duplicate window); consuming uses durable pull
 * consumers with explicit acks, see JetStreamSubscription.
 */
export class JetStreamBus implements MessageBus {
  private readonly subscriptions = new Set<JetStreamSubscription>();
  private readonly publishTimeoutMs: number;
  private connected = true;
  private closing?: Promise<void>;
  private restoring?: Promise<void>;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly opts: JetStreamBusOptions,
    private readonly logger: MessagingLogger,
  ) {
    this.publishTimeoutMs = opts.publishTimeoutMs ?? 5_000;
    this.watchConnection().catch(() => undefined);
  }

  /** Connects (reconnecting forever afterwards) and creates or updates the stream. */
  static async connect(opts: JetStreamBusOptions): Promise<JetStreamBus> {
    if (!STREAM_NAME.test(opts.streamName ?? '')) {
      throw new MessagingError(
        `invalid stream name ${JSON.stringify(opts.streamName)}: must match [A-Za-z0-9_-]{1,64}`,
      );
    }
    assertSubject('subject prefix', opts.subjectPrefix);
    if (opts.pullExpiresMs !== undefined && opts.pullExpiresMs < 1000) {
      throw new MessagingError('pullExpiresMs must be at least 1000 (client library minimum)');
    }
    const logger = opts.logger ?? silentLogger;
    const nc = await openNatsConnection(opts, { name: opts.name, reconnectTimeWaitMs: opts.reconnectTimeWaitMs });
    try {
      const jsm = await untilJetStreamAnswers(
        async () => {
          const manager = await jetstreamManager(nc, { timeout: opts.publishTimeoutMs ?? 5_000 });
          await ensureStream(
            manager,
            {
              streamName: opts.streamName,
              subjectPrefix: opts.subjectPrefix,
              duplicateWindowMs: opts.duplicateWindowMs ?? 120_000,
              ...durabilityOf(opts.durability),
            },
            logger,
          );
          return manager;
        },
        opts.setupTimeoutMs ?? 60_000,
        logger,
      );
      const js = jetstream(nc, { timeout: opts.publishTimeoutMs ?? 5_000 });
      logger.info('connected to NATS JetStream', { server: nc.getServer(), stream: opts.streamName });
      return new JetStreamBus(nc, js, jsm, opts, logger);
    } catch (err) {
      await nc.close().catch(() => undefined);
      throw err instanceof MessagingError
        ? err
        : new MessagingError(`JetStream setup failed: ${describeError(err)}`, { cause: err });
    }
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    if (messages.length === 0) {
      return;
    }
    const prepared = messages.map((m) => ({ m, hdrs: this.prepare(m) }));
    // js.publish writes synchronously up to the socket buffer, so issuing them
    // back to back keeps the order while all PubAcks are in flight together.
    const acks = prepared.map(({ m, hdrs }) =>
      this.js.publish(m.subject, m.data, { msgID: m.msgId, headers: hdrs, timeout: this.publishTimeoutMs }),
    );
    const results = await Promise.allSettled(acks);
    const errors: string[] = [];
    let cause: unknown;
    results.forEach((r, i) => {
      if (r.status === 'rejected') {
        cause ??= r.reason;
        errors.push(`${messages[i].subject} (msgId ${messages[i].msgId}): ${this.explainPublishError(r.reason)}`);
      } else if ((r.value as PubAck).stream !== this.opts.streamName) {
        errors.push(
          `${messages[i].subject} (msgId ${messages[i].msgId}): captured by stream ${r.value.stream}, expected ${this.opts.streamName}`,
        );
      }
    });
    if (
      results.some(
        (r) => r.status === 'rejected' && r.reason instanceof Error && r.reason.name === 'JetStreamNotEnabled',
      ) &&
      this.connected
    ) {
      // No responder for the subjects while connected: the stream is gone. Make it again for the retry.
      await this.restoreStream().catch((e: unknown) =>
        this.logger.warn('could not create the JetStream stream again', {
          stream: this.opts.streamName,
          error: describeError(e),
        }),
      );
    }
    if (errors.length > 0) {
      // Some may have been stored; a retry is safe because msgIds de-duplicate.
      throw new MessagingError(
        `publish failed for ${errors.length} of ${messages.length} message(s); retry: ${errors[0]}`,
        { cause },
      );
    }
  }

  /**
   * Creates the stream again when it is missing (ensureStream looks before it creates), one call at
   * a time. What the lost stream held is re-driven from the event store by the reconcilers.
   */
  private restoreStream(): Promise<void> {
    this.restoring ??= ensureStream(
      this.jsm,
      {
        streamName: this.opts.streamName,
        subjectPrefix: this.opts.subjectPrefix,
        duplicateWindowMs: this.opts.duplicateWindowMs ?? 120_000,
        ...durabilityOf(this.opts.durability),
      },
      this.logger,
    )
      .then(() => undefined)
      .finally(() => (this.restoring = undefined));
    return this.restoring;
  }

  async consume(spec: ConsumerSpec, handler: MessageHandler, deadLetterSink: DeadLetterSink): Promise<Subscription> {
    this.assertOpen();
    validateConsumerSpec(spec);
    const streamSubjects = `${this.opts.subjectPrefix}.>`;
    for (const f of spec.filterSubjects) {
      if (!filterIsWithin(f, streamSubjects)) {
        throw new MessagingError(
          `filter subject ${f} of consumer ${spec.durable} is outside the stream's subjects ${streamSubjects}`,
        );
      }
    }
    const sub = new JetStreamSubscription(
      {
        nc: this.nc,
        js: this.js,
        jsm: this.jsm,
        streamName: this.opts.streamName,
        consumerReplicas: this.opts.durability?.consumerReplicas,
        logger: this.logger,
        pullExpiresMs: this.opts.pullExpiresMs ?? 5_000,
        stopGraceMs: this.opts.stopGraceMs ?? 30_000,
        restoreStream: () => this.restoreStream(),
      },
      { ...spec, filterSubjects: [...spec.filterSubjects], backoffMs: [...spec.backoffMs] },
      handler,
      deadLetterSink,
    );
    await sub.start();
    this.subscriptions.add(sub);
    return {
      stop: async () => {
        await sub.stop();
        this.subscriptions.delete(sub);
      },
    };
  }

  async isHealthy(): Promise<boolean> {
    if (this.closing || this.nc.isClosed() || !this.connected) {
      return false;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), HEALTH_TIMEOUT_MS);
      });
      await Promise.race([this.jsm.streams.info(this.opts.streamName), timeout]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async consumerLag(durable: string): Promise<number | undefined> {
    this.assertOpen();
    try {
      const info = await this.jsm.consumers.info(this.opts.streamName, durable);
      // With several filter subjects the server counts the covering filter: messages this
      // consumer acks unhandled are included, as they still have to pass through it.
      return info.num_pending + info.num_ack_pending;
    } catch (err) {
      if (isConsumerNotFound(err)) {
        return undefined;
      }
      throw new MessagingError(`cannot read the lag of consumer ${durable}: ${describeError(err)}`, { cause: err });
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((s) => s.stop()));
      this.subscriptions.clear();
      await closeNatsConnection(this.nc);
    })();
    return this.closing;
  }

  private prepare(m: OutgoingMessage): MsgHdrs {
    const streamSubjects = `${this.opts.subjectPrefix}.>`;
    assertSubject('subject', m.subject);
    if (!filterIsWithin(m.subject, streamSubjects)) {
      throw new MessagingError(`subject ${m.subject} is outside the stream's subjects ${streamSubjects}`);
    }
    if (typeof m.msgId !== 'string' || m.msgId.length === 0) {
      throw new MessagingError(`message on ${m.subject} has no msgId`);
    }
    const hdrs = createHeaders();
    for (const [key, value] of Object.entries(m.headers ?? {})) {
      if (/^nats-/i.test(key)) {
        throw new MessagingError(`header ${key} on ${m.subject} is reserved for NATS`);
      }
      hdrs.set(key, value);
    }
    return hdrs;
  }

  private explainPublishError(err: unknown): string {
    if (isTimeoutError(err)) {
      return `no PubAck within ${this.publishTimeoutMs} ms (${this.connected ? 'connected' : 'disconnected, reconnecting'})`;
    }
    // JetStreamNotEnabled is not exported by @nats-io/jetstream v3; it means "no responders".
    if (err instanceof Error && err.name === 'JetStreamNotEnabled') {
      return `no JetStream responder (stream ${this.opts.streamName} missing or JetStream not ready)`;
    }
    return describeError(err);
  }

  private async watchConnection(): Promise<void> {
    for await (const s of this.nc.status()) {
      switch (s.type) {
        case 'disconnect':
          this.connected = false;
          this.logger.warn('disconnected from NATS; reconnecting', { server: s.server });
          break;
        case 'reconnect':
          this.connected = true;
          this.logger.info('reconnected to NATS', { server: s.server });
          break;
        case 'error':
          this.logger.error('NATS connection error', { error: describeError(s.error) });
          break;
        case 'close':
          this.connected = false;
          break;
        default:
          break;
      }
    }
  }

  private assertOpen(): void {
    if (this.closing || this.nc.isClosed()) {
      throw new MessagingError('message bus is closed');
    }
  }
}
