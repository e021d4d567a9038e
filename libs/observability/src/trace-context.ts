import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What ties a log line to the HTTP request and the chain of events it belongs to. It is ambient
 * (AsyncLocalStorage) so that code deep inside a request or an event handler logs with these ids
 * without passing them along, and so that events appended there carry the request id too.
 */
export interface TraceContext {
  /** One HTTP request: X-Request-Id, or minted by the api. */
  requestId?: string;
  /** The whole flow, carried in every event's metadata from the request to the workers. */
  correlationId?: string;
  /** The event being handled, in a worker. */
  eventId?: string;
  /** The durable consumer handling it. */
  consumer?: string;
}

const storage = new AsyncLocalStorage<TraceContext>();

export function runWithTrace<T>(context: TraceContext, fn: () => T): T {
  return storage.run(withoutUndefined(context), fn);
}

export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}

// Runs for every request and every event handled: a plain loop, not entries/filter/fromEntries.
function withoutUndefined(context: TraceContext): TraceContext {
  const defined: TraceContext = {};
  for (const key in context) {
    const value = context[key as keyof TraceContext];
    if (value !== undefined) defined[key as keyof TraceContext] = value;
  }
  return defined;
}
