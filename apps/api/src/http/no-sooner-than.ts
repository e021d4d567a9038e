import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `work` and settles with it, but not before `floorMs` have passed since the start. Every
 * answer pays the same floor, so a miss (for details, one indexed lookup, a few ms) is not told
 * from a hit (the same lookup and an unsealing), nor one token refusal from another, by its
 * timing. A constant floor rather than random jitter: jitter averages out over repeated requests,
 * a floor above the work's usual time does not. Work that needs longer (a certificate still on its
 * way) answers later, but that is visible anyway, in the answer itself.
 */
export async function noSoonerThan<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const floor = sleep(floorMs);
  try {
    return await work();
  } finally {
    await floor;
  }
}
