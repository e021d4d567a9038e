import { ReadModelUpdates } from './read-model-updates';

/** Whether the promise has settled once pending callbacks ran; fake timers keep every timeout from firing. */
async function settled(p: Promise<void>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
}

describe('ReadModelUpdates', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('wakes a watcher of the stream the projector changed, and not the watchers of other streams', async () => {
    const updates = new ReadModelUpdates();
    const mine = updates.watch('client-a').within(10_000);
    const other = updates.watch('client-b').within(10_000);
    updates.changed(['client-a']);
    expect(await settled(mine)).toBe(true);
    expect(await settled(other)).toBe(false);
    jest.advanceTimersByTime(10_000);
    expect(await settled(other)).toBe(true);
  });

  it('keeps a change that lands between the read and the wait', async () => {
    const updates = new ReadModelUpdates();
    const watch = updates.watch('client-a');
    updates.changed(['client-a']); // while the reader was still reading
    expect(await settled(watch.within(10_000))).toBe(true);
  });

  it('wakes a watcher of any stream at every change', async () => {
    const updates = new ReadModelUpdates();
    const waiting = updates.watch().within(10_000);
    updates.changed(['tunnel-x']);
    expect(await settled(waiting)).toBe(true);
  });

  it('forgets a closed watcher: a later change does not wake it', async () => {
    const updates = new ReadModelUpdates();
    const watch = updates.watch('client-a');
    watch.close();
    updates.changed(['client-a']);
    expect(await settled(watch.within(10_000))).toBe(false);
  });

  it('does not wake a watcher for a change made only of event types it ignores, and wakes it for the next', async () => {
    const updates = new ReadModelUpdates();
    const watch = updates.watch('client-a', new Set(['ClientEnrolled']));
    const waiting = watch.within(10_000);
    updates.changed(['client-a'], new Map([['client-a', new Set(['ClientEnrolled'])]]));
    expect(await settled(waiting)).toBe(false);
    updates.changed(['client-a'], new Map([['client-a', new Set(['ClientEnrolled', 'CertificateIssued'])]]));
    expect(await settled(waiting)).toBe(true);
  });

  it('wakes a watcher that ignores some types when the projector does not say which events it applied', async () => {
    const updates = new ReadModelUpdates();
    const waiting = updates.watch('client-a', new Set(['ClientEnrolled'])).within(10_000);
    updates.changed(['client-a']);
    expect(await settled(waiting)).toBe(true);
  });

  it('tells a follower every change with its streams and types, and the wake-alls as everything, until it stops', () => {
    const updates = new ReadModelUpdates();
    const heard: Array<{ ids: string[]; types?: string[]; everything: boolean }> = [];
    const stop = updates.follow((c) =>
      heard.push({
        ids: c.streamIds,
        types: c.typesByStream ? [...(c.typesByStream.get(c.streamIds[0]) ?? [])] : undefined,
        everything: c.everything,
      }),
    );
    updates.changed(['client-a'], new Map([['client-a', new Set(['ClientDisabled'])]]));
    updates.wakeAll();
    stop();
    updates.changed(['client-b']);
    expect(heard).toEqual([
      { ids: ['client-a'], types: ['ClientDisabled'], everything: false },
      { ids: [], types: undefined, everything: true },
    ]);
  });
});
