/**
 * The transport-neutral contract the rest of certplane is written against.
 * Only this library knows whether messages travel through JetStream or stay
 * in-process; callers see at-least-once delivery either way, so handlers must
 * be idempotent.
 */

export interface OutgoingMessage {
  subject: string;
  /** Becomes Nats-Msg-Id: the server drops repeats inside the duplicate window. */
  msgId: string;
  headers: Record<string, string>;
  data: Uint8Array;
}

export interface IncomingMessage {
  subject: string;
  msgId?: string;
  headers: Record<string, string>;
  data: Uint8Array;
  /** 1 on first delivery. */
  deliveryCount: number;
}

export type MessageHandler = (msg: IncomingMessage) => Promise<void>;

export interface ConsumerSpec {
  /** Stable per worker role; processes sharing it form a work queue. */
  durable: string;
  /** NATS subjects, wildcards allowed (`*` one token, `>` the rest). */
  filterSubjects: string[];
  /** After this many failed deliveries the message is dead-lettered and terminated. */
  maxDeliver: number;
  ackWaitMs: number;
  /** Nak delay for the n-th failure; the last value repeats. */
  backoffMs: number[];
  /** Max messages handled at once by this process. */
  concurrency: number;
}

export interface DeadLetter {
  consumer: string;
  subject: string;
  msgId?: string;
  headers: Record<string, string>;
  data: Uint8Array;
  error: string;
  deliveryCount: number;
}

export type DeadLetterSink = (dl: DeadLetter) => Promise<void>;

export interface Subscription {
  /** Stop pulling, wait for in-flight handlers to finish and ack/nak, then resolve. */
  stop(): Promise<void>;
}

export interface MessageBus {
  /**
   * Resolves only when every message is durably accepted. Messages of one call
   * are sent in order. A duplicate msgId counts as success.
   */
  publish(messages: OutgoingMessage[]): Promise<void>;
  /**
   * Handler success → ack; throw → nak with backoff; deliveryCount >= maxDeliver
   * or PoisonMessageError → deadLetterSink then terminate. A throwing sink
   * means nak: the message is never dropped silently.
   */
  consume(spec: ConsumerSpec, handler: MessageHandler, deadLetterSink: DeadLetterSink): Promise<Subscription>;
  /** True when connected and the stream is reachable. */
  isHealthy(): Promise<boolean>;
  /**
   * How far the durable is behind: messages not yet delivered plus those delivered and not yet
   * settled. Undefined when the durable does not exist (yet). For operators (metrics, readiness).
   */
  consumerLag(durable: string): Promise<number | undefined>;
  /** Stops subscriptions, drains, closes the connection. */
  close(): Promise<void>;
}

export interface MessagingLogger {
  info(msg: string, ctx?: object): void;
  warn(msg: string, ctx?: object): void;
  error(msg: string, ctx?: object): void;
}

export const silentLogger: MessagingLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
