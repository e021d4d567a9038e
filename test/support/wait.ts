/** Waiting in tests: one polling loop, with the call shapes the test files use. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface PollOptions {
  timeoutMs: number;
  /** Pause between tries; default 100 ms. */
  everyMs?: number;
  /** Appended to the timeout error, e.g. what the processes printed. */
  context?: () => string;
}

/**
 * Polls until fn returns a value other than undefined, and returns that value; the timeout error
 * names what and adds context(). An error thrown by fn ends the wait at once (e.g. "the process
 * exited"): catch what is transient.
 */
export async function pollUntil<T>(
  what: string,
  fn: () => T | undefined | Promise<T | undefined>,
  { timeoutMs, everyMs = 100, context }: PollOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${context ? '\n' + context() : ''}`);
    await sleep(everyMs);
  }
}

/** pollUntil every 100 ms. */
export function waitUntil<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
  context?: () => string,
): Promise<T> {
  return pollUntil(what, fn, { timeoutMs, context });
}

/** Until a synchronous condition holds (state a callback fills in), checked every 20 ms. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  await pollUntil(what, () => (condition() ? true : undefined), { timeoutMs, everyMs: 20 });
}
