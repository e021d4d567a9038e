import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from './api-error';

export interface ReadModelWait {
  waitMs: number;
  retryAfterSeconds: number;
}

/**
 * Read-your-writes over an asynchronous projector: the registries, written in the append
 * transaction, say which streams are live and at which version; `read` answers once the read
 * model has caught up with them (undefined until then). Bounded like client details
 * (CERTPLANE_DETAILS_WAIT_MS), then 503 READ_MODEL_PENDING with Retry-After.
 */
export async function awaitReadModel<T>(read: () => Promise<T | undefined>, wait: ReadModelWait): Promise<T> {
  const deadline = Date.now() + wait.waitMs;
  for (let attempt = 0; ; attempt++) {
    const value = await read();
    if (value !== undefined) return value;
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new ApiError(503, 'READ_MODEL_PENDING', 'the change is recorded but not yet visible to reads; retry later', { 'Retry-After': String(wait.retryAfterSeconds) });
    }
    await sleep(Math.min(remaining, 5 * 2 ** Math.min(attempt, 5)));
  }
}
