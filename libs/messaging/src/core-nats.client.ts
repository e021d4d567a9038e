import { ConcurrencyLimiter } from './concurrency-limiter';
import { silentLogger, type MessagingLogger, type Subscription } from './message-bus';
import { describeError, MessagingError } from './messaging.errors';
import { createHeaders, type NatsConnection } from './nats-client';
import { closeNatsConnection, openNatsConnection, type NatsConnectionSettings } from './nats-connection';
import { assertFilter, assertSubject } from './subjects';

/** A core NATS message: fire-and-forget, at most once, no stream, no acks. */
export interface CoreMessage {
  subject: string;
  headers: Record<string, string>;
  data: Uint8Array;
}

export interface CoreNatsOptions extends NatsConnectionSettings {
  /** Connection name shown in NATS monitoring. */
  name?: string;
  logger?: MessagingLogger;
  /** Wait between reconnect attempts. Default 500. */
  reconnectTimeWaitMs?: number;
}

export interface CoreSubscribeOptions {
  /** Messages handled at once; the rest wait in the client's buffer. Default 16. */
  concurrency?: number;
  /** A queue group: each message goes to one subscriber of the group, not to every one. */
  queue?: string;
}

/**
 * Plain NATS publish/subscribe, for traffic that is not certplane's events: tunnel servers'
 * status reports. Every subscriber gets every message (unless it joins a queue group), at most once, and only
 * while connected — so this is for data whose loss costs a little precision, never state.
 * It has its own connection, apart from the JetStream bus's.
 */
export class CoreNatsClient {
  private readonly subscriptions = new Set<{ stop(): Promise<void> }>();
  private closing?: Promise<void>;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly logger: MessagingLogger,
  ) {}

  static async connect(opts: CoreNatsOptions): Promise<CoreNatsClient> {
    const nc = await openNatsConnection(opts, { name: opts.name, reconnectTimeWaitMs: opts.reconnectTimeWaitMs });
    return new CoreNatsClient(nc, opts.logger ?? silentLogger);
  }

  /**
   * Calls handler for each message on `filter` (wildcards allowed). A handler that throws is
   * logged and the message dropped: there is no redelivery in core NATS.
   */
  subscribe(
    filter: string,
    handler: (msg: CoreMessage) => void | Promise<void>,
    opts: CoreSubscribeOptions = {},
  ): Subscription {
    assertFilter(filter);
    this.assertOpen();
    const sub = this.nc.subscribe(filter, opts.queue === undefined ? undefined : { queue: opts.queue });
    const limiter = new ConcurrencyLimiter(opts.concurrency ?? 16);
    const run = async (msg: CoreMessage) => {
      try {
        await handler(msg);
      } catch (err) {
        this.logger.warn('core NATS message handler failed; message dropped', {
          subject: msg.subject,
          error: describeError(err),
        });
      } finally {
        limiter.release();
      }
    };
    const loop = (async () => {
      for await (const m of sub) {
        if (!(await limiter.acquire())) break;
        void run({ subject: m.subject, headers: headersOf(m.headers), data: m.data });
      }
    })();
    const handle = {
      stop: async () => {
        this.subscriptions.delete(handle);
        if (!sub.isClosed()) await sub.drain().catch(() => sub.unsubscribe());
        await loop.catch(() => undefined);
        limiter.close();
        await limiter.whenIdle();
      },
    };
    this.subscriptions.add(handle);
    return handle;
  }

  publish(subject: string, data: Uint8Array, headers: Record<string, string> = {}): void {
    assertSubject('subject', subject);
    this.assertOpen();
    const hdrs = createHeaders();
    for (const [k, v] of Object.entries(headers)) hdrs.set(k, v);
    this.nc.publish(subject, data, Object.keys(headers).length > 0 ? { headers: hdrs } : undefined);
  }

  /** Resolves once the server has processed everything published so far. */
  flush(): Promise<void> {
    return this.nc.flush();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((s) => s.stop()));
      await closeNatsConnection(this.nc);
    })();
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closing || this.nc.isClosed()) throw new MessagingError('NATS connection is closed');
  }
}

/** First value of each header, as the JetStream side reads them. */
function headersOf(h: Iterable<[string, string[]]> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, values] of h ?? []) if (values.length > 0) out[k] = values[0];
  return out;
}
