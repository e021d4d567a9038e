import type { ConnectionOptions, MsgHdrs, NatsConnection } from '@nats-io/nats-core';
import * as transport from '@nats-io/transport-node';

/*
 * Why this file exists: with the repo's CommonJS/node10 module resolution,
 * TypeScript cannot follow @nats-io/transport-node's `export * from
 * "@nats-io/nats-core/internal"` (a package "exports" subpath), so values
 * like headers() look missing and connect() is typed `any`. We take the
 * types from @nats-io/nats-core's root entry (type-only: erased at runtime;
 * it is installed as transport-node's pinned dependency) and re-type the few
 * runtime values we use from the declared @nats-io/transport-node.
 */
const runtime = transport as unknown as {
  connect(opts: ConnectionOptions): Promise<NatsConnection>;
  headers(): MsgHdrs;
};

export type { MsgHdrs, NatsConnection };

/**
 * Without noAsyncTraces the client captures a stack trace (an Error) for every request, and every
 * JetStream publish is one (its PubAck): a measurable share of the main thread under load, for
 * traces our errors never show (MessagingError says what failed and the caller retries).
 */
export function connectNats(opts: ConnectionOptions): Promise<NatsConnection> {
  return runtime.connect({ noAsyncTraces: true, ...opts });
}

export function createHeaders(): MsgHdrs {
  return runtime.headers();
}

/** nats-core's TimeoutError, recognised by name so we need not import the class. */
export function isTimeoutError(err: unknown): boolean {
  return err instanceof Error && err.name === 'TimeoutError';
}

export function nanos(ms: number): number {
  return ms * 1_000_000;
}
