import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { settleDelivery } from './delivery';
import type {
  ConsumerSpec,
  DeadLetterSink,
  IncomingMessage,
  MessageHandler,
  MessagingLogger,
  Subscription,
} from './message-bus';
import { describeError } from './messaging.errors';
import { ensureConsumer, isConsumerNotFound, isStreamNotFound } from './jetstream.stream';
import type { NatsConnection } from './nats-client';
import { subjectMatches } from './subject-matcher';
import { coveringFilter } from './subjects';

const MSG_ID_HEADER = 'Nats-Msg-Id';
// Heartbeats come every pullExpiresMs/2, so this is four pull lifetimes of silence.
const REBUILD_AFTER_MISSED_HEARTBEATS = 8;

export interface JetStreamSubscriptionDeps {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  streamName: string;
  /** Copies of each consumer's state; 0: as many as the stream. */
  consumerReplicas?: number;
  logger: MessagingLogger;
  /** Pull request lifetime; also sets the idle heartbeat (half of it) and the recovery retry pace. */
  pullExpiresMs: number;
  /** How long stop() waits for in-flight handlers before giving their messages back. */
  stopGraceMs: number;
  /** Creates the stream again when it is gone (deleted, or lost with its only server's store). */
  restoreStream: () => Promise<void>;
}

/**
 * One durable pull consumer driven by `consumer.consume()`.
 *
 * What @nats-io/jetstream v3 already does for us: on a client reconnect the
 * ConsumerMessages re-checks the consumer (consumer info) and re-issues its
 * pull; with no traffic, two missed idle heartbeats trigger the same reset.
 * What it does not do: recreate a consumer that disappeared, or restart after
 * the iterator ends with an error. That is the supervisor loop in run().
 */
export class JetStreamSubscription implements Subscription {
  private readonly limiter: ConcurrencyLimiter;
  /** nats-server 2.9 takes one filter_subject: the server filters on the cover, we filter exactly here. */
  private readonly serverFilter: string | undefined;
  private readonly needsClientFilter: boolean;
  private readonly inFlight = new Set<JsMsg>();
  private readonly pulledNotStarted: JsMsg[] = [];
  private messages?: ConsumerMessages;
  private stopping = false;
  private stopped?: Promise<void>;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly deps: JetStreamSubscriptionDeps,
    private readonly spec: ConsumerSpec,
    private readonly handler: MessageHandler,
    private readonly deadLetterSink: DeadLetterSink,
  ) {
    this.limiter = new ConcurrencyLimiter(spec.concurrency);
    this.serverFilter = coveringFilter(spec.filterSubjects);
    this.needsClientFilter = spec.filterSubjects.length > 1 && !spec.filterSubjects.includes(this.serverFilter ?? '>');
  }

  /** Provisions the consumer (so config errors surface to the caller), then runs in the background. */
  async start(): Promise<void> {
    await ensureConsumer(
      this.deps.jsm,
      this.deps.streamName,
      this.spec,
      this.serverFilter,
      this.deps.logger,
      this.deps.consumerReplicas,
    );
    this.loop = this.run();
  }

  stop(): Promise<void> {
    this.stopped ??= this.doStop();
    return this.stopped;
  }

  private async doStop(): Promise<void> {
    this.stopping = true;
    this.limiter.close();
    this.messages?.stop();
    this.wake?.();
    const { stopGraceMs, logger } = this.deps;
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), stopGraceMs);
    });
    const outcome = await Promise.race([
      Promise.all([this.loop, this.limiter.whenIdle()]).then(() => 'idle' as const),
      graceOver,
    ]);
    clearTimeout(timer);

    const giveBack = this.pulledNotStarted.splice(0);
    if (outcome === 'timeout' && this.inFlight.size > 0) {
      // We are going away without an outcome for these; hand them back now
      // instead of making another worker wait out ack_wait. A handler that
      // still finishes later acks into the void — at-least-once, as promised.
      logger.warn('handlers still running after stop grace period; returning their messages', {
        consumer: this.spec.durable,
        inFlight: this.inFlight.size,
        stopGraceMs,
      });
      giveBack.push(...this.inFlight);
      this.inFlight.clear();
    }
    if (this.deps.nc.isClosed()) {
      return; // nothing can be sent; ack_wait brings them back
    }
    if (giveBack.length > 0) {
      await this.forgetStalePull();
      giveBack.forEach((m) => m.nak());
    }
    // Acks and naks are fire-and-forget; make sure they left the process.
    await this.deps.nc.flush().catch(() => undefined);
  }

  /**
   * nats-server 2.9 gotcha: our last pull request outlives the unsubscribe.
   * A nak without delay is then "redelivered" into that dead request, and
   * the server's rollback resets the message's delivery count to 1. A
   * consumer info makes the server prune requests nobody listens to.
   */
  private async forgetStalePull(): Promise<void> {
    try {
      await this.deps.nc.flush();
      await this.deps.jsm.consumers.info(this.deps.streamName, this.spec.durable);
    } catch {
      // Best effort: worst case the delivery count restarts, the message is not lost.
    }
  }

  private async run(): Promise<void> {
    const { js, jsm, nc, streamName, logger, pullExpiresMs } = this.deps;
    let needsEnsure = false;
    let failures = 0;
    while (!this.stopping && !nc.isClosed()) {
      try {
        if (needsEnsure) {
          await ensureConsumer(jsm, streamName, this.spec, this.serverFilter, logger, this.deps.consumerReplicas).catch(
            async (err: unknown) => {
              if (!isStreamNotFound(err)) throw err;
              await this.deps.restoreStream();
              await ensureConsumer(jsm, streamName, this.spec, this.serverFilter, logger, this.deps.consumerReplicas);
            },
          );
          needsEnsure = false;
        }
        const consumer = await js.consumers.get(streamName, this.spec.durable);
        const messages = await consumer.consume({ max_messages: this.spec.concurrency, expires: pullExpiresMs });
        this.messages = messages;
        if (this.stopping) {
          messages.stop();
        }
        void this.watch(messages, () => {
          needsEnsure = true;
        });
        for await (const m of messages) {
          failures = 0;
          if (this.stopping || !(await this.limiter.acquire())) {
            // Pulled but not started: stop() gives it back.
            this.pulledNotStarted.push(m);
            continue;
          }
          void this.dispatch(m);
        }
        const err = await messages.closed();
        if (err) {
          throw err;
        }
      } catch (err) {
        if (this.stopping || nc.isClosed()) {
          break;
        }
        failures++;
        // The stream or the consumer is gone: make them again (the store re-drives what was lost).
        if (
          isStreamNotFound(err) ||
          isConsumerNotFound(err) ||
          /stream not found|consumer not found/i.test((err as Error)?.message ?? '')
        )
          needsEnsure = true;
        logger.warn('consumer loop interrupted; restarting', {
          consumer: this.spec.durable,
          error: describeError(err),
          failures,
        });
      }
      if (!this.stopping && !nc.isClosed()) {
        await this.pause(Math.min(pullExpiresMs, 250 * 2 ** Math.min(failures, 5)));
      }
    }
  }

  /** Listens to consumer notifications; recovers from a deleted consumer by recreating it. */
  private async watch(messages: ConsumerMessages, requestEnsure: () => void): Promise<void> {
    const { logger } = this.deps;
    try {
      for await (const s of messages.status()) {
        switch (s.type) {
          case 'heartbeats_missed':
            // The library re-checks the consumer and re-pulls on every miss;
            // if that keeps not helping, rebuild the whole pull from scratch.
            if (s.count >= REBUILD_AFTER_MISSED_HEARTBEATS) {
              logger.error('JetStream heartbeats still missing; rebuilding consumer', {
                consumer: this.spec.durable,
                count: s.count,
              });
              requestEnsure();
              messages.stop();
              return;
            }
            logger.warn('JetStream heartbeats missed; re-pulling', { consumer: this.spec.durable, count: s.count });
            break;
          case 'consumer_deleted':
          case 'consumer_not_found':
          case 'stream_not_found':
            logger.error('JetStream consumer or stream missing; recreating consumer', {
              consumer: this.spec.durable,
              notification: s.type,
            });
            requestEnsure();
            messages.stop();
            return;
          default:
            break;
        }
      }
    } catch {
      // The status iterator ends with the messages iterator; nothing to do.
    }
  }

  private async dispatch(m: JsMsg): Promise<void> {
    this.inFlight.add(m);
    try {
      if (this.needsClientFilter && !this.spec.filterSubjects.some((f) => subjectMatches(f, m.subject))) {
        // Covered by the server-side filter but not asked for: not ours to handle.
        m.ack();
        return;
      }
      const settlement = await settleDelivery(
        toIncoming(m),
        this.spec,
        this.handler,
        this.deadLetterSink,
        this.deps.logger,
      );
      if (!this.inFlight.has(m)) {
        return; // already handed back by stop()
      }
      switch (settlement.kind) {
        case 'ack':
          m.ack();
          break;
        case 'nak':
          m.nak(settlement.delayMs);
          break;
        case 'term':
          m.term();
          break;
      }
    } catch (err) {
      // ack/nak only throw when the connection is closed; redelivery after ack_wait covers it.
      this.deps.logger.warn('could not settle message', {
        consumer: this.spec.durable,
        subject: m.subject,
        error: describeError(err),
      });
    } finally {
      this.inFlight.delete(m);
      this.limiter.release();
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

export function toIncoming(m: JsMsg): IncomingMessage {
  const headers: Record<string, string> = {};
  let msgId: string | undefined;
  if (m.headers) {
    for (const [key, values] of m.headers) {
      if (key === MSG_ID_HEADER) {
        msgId = values[0];
      } else if (values.length > 0) {
        headers[key] = values[0];
      }
    }
  }
  return { subject: m.subject, msgId, headers, data: m.data, deliveryCount: m.info.deliveryCount };
}
