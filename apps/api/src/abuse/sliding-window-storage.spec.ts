import fc from 'fast-check';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { SlidingWindowStorage } from './sliding-window-storage';

describe('SlidingWindowStorage', () => {
  let now = 1_000_000;
  const clock = () => now;
  afterEach(() => jest.restoreAllMocks());

  it('answers as @nestjs/throttler’s storage does for sliding windows (blockDuration 0)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(
          fc.record({
            wait: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30_000 })),
            key: fc.constantFrom('a', 'b'),
          }),
          { maxLength: 60 },
        ),
        async (limit, hits) => {
          now = 1_000_000;
          jest.spyOn(Date, 'now').mockImplementation(clock);
          const reference = new ThrottlerStorageService();
          const storage = new SlidingWindowStorage(clock);
          try {
            for (const { wait, key } of hits) {
              now += wait;
              const expected = await reference.increment(key, 60_000, limit, 0, 'ip');
              const got = await storage.increment(key, 60_000, limit, 0, 'ip');
              expect({
                totalHits: got.totalHits,
                isBlocked: got.isBlocked,
                timeToBlockExpire: got.timeToBlockExpire,
              }).toEqual({
                totalHits: expected.totalHits,
                isBlocked: expected.isBlocked,
                timeToBlockExpire: expected.timeToBlockExpire,
              });
            }
          } finally {
            reference.onApplicationShutdown();
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps keys and limit names apart', async () => {
    const storage = new SlidingWindowStorage(clock);
    expect((await storage.increment('x', 60_000, 1, 0, 'ip')).isBlocked).toBe(false);
    expect((await storage.increment('x', 60_000, 1, 0, 'ip')).isBlocked).toBe(true);
    expect((await storage.increment('x', 60_000, 1, 0, 'identity')).isBlocked).toBe(false);
    expect((await storage.increment('y', 60_000, 1, 0, 'ip')).isBlocked).toBe(false);
  });

  it('costs the same per request however many hits the window holds, and forgets idle keys', async () => {
    now = 5_000_000;
    const storage = new SlidingWindowStorage(clock);
    for (let i = 0; i < 300_000; i++) await storage.increment('busy', 60_000, 10_000_000, 0, 'ip');
    // The library's storage throws a RangeError here (Math.min over every hit).
    expect((await storage.increment('busy', 60_000, 300_001, 0, 'ip')).totalHits).toBe(300_001);
    for (let i = 0; i < 100; i++) await storage.increment(`scanner-${i}`, 60_000, 5, 0, 'ip');
    expect(storage.size).toBe(101);
    now += 60_000;
    await storage.increment('later', 60_000, 5, 0, 'ip');
    expect(storage.size).toBe(1);
  });

  it('refuses a block duration, which certplane’s limits do not use', async () => {
    await expect(new SlidingWindowStorage(clock).increment('x', 60_000, 1, 1000, 'ip')).rejects.toThrow(
      /blockDuration/,
    );
  });
});
