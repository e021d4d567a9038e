import { ReadModelUpdates } from '@certplane/read-model';
import { ApiError } from './api-error';

/** With a projector waking readers, polls are only the safety net for a wake that never came. */
const WOKEN_POLL_MS = 500;

export interface ReadModelWait {
  waitMs: number;
  retryAfterSeconds: number;
}

/**
 * Read-your-writes over an asynchronous projector: the registries, written in the append
 * transaction, say which streams are live and at which version; `read` answers once the read
 * model has caught up with them (undefined until then). Bounded like client details
 * (CERTPLANE_DETAILS_WAIT_MS), then 503 READ_MODEL_PENDING with Retry-After. Woken by the
 * projector's commits like details, never by polling alone.
 */
export function awaitReadModel<T>(
  read: () => Promise<T | undefined>,
  wait: ReadModelWait,
  updates: ReadModelUpdates,
): Promise<T> {
  return pollReadModel(read, wait, updates, undefined, () => {
    throw new ApiError(503, 'READ_MODEL_PENDING', 'the change is recorded but not yet visible to reads; retry later', {
      'Retry-After': String(wait.retryAfterSeconds),
    });
  });
}

/**
 * Reads until `read` answers or waitMs is over, then `timedOut` decides. Between reads it waits
 * for the projector's next commit touching streamId (any stream when undefined), and polls at
 * growing steps (5 to 160 ms) when nothing wakes it (no projector in this process and no listener
 * for other processes' commits); otherwise polling is only the safety net.
 * Commits made only of events of the `ignoring` types do not wake it.
 */
export async function pollReadModel<T>(
  read: () => Promise<T | undefined>,
  wait: { waitMs: number },
  updates: ReadModelUpdates | undefined,
  streamId: string | undefined,
  timedOut: () => never,
  ignoring?: ReadonlySet<string>,
): Promise<T> {
  const deadline = Date.now() + wait.waitMs;
  for (let attempt = 0; ; attempt++) {
    const change = updates?.watch(streamId, ignoring);
    try {
      const value = await read();
      if (value !== undefined) return value;
      const remaining = deadline - Date.now();
      if (remaining <= 0) timedOut();
      const step = Math.min(remaining, updates?.wokenByCommits ? WOKEN_POLL_MS : 5 * 2 ** Math.min(attempt, 5));
      await (change ? change.within(step) : new Promise((resolve) => setTimeout(resolve, step)));
    } finally {
      change?.close();
    }
  }
}
