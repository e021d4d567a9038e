import { PeriodicPass } from './periodic-pass';

describe('PeriodicPass', () => {
  it('runs one pass at a time, hands failures to onError and goes on, and stop waits for the pass in flight', async () => {
    let running = 0;
    let most = 0;
    let calls = 0;
    const errors: unknown[] = [];
    const pass = new PeriodicPass(
      async () => {
        calls++;
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        if (calls === 2) throw new Error('second pass fails');
      },
      (e) => errors.push(e),
    );
    await Promise.all([pass.run(), pass.run(), pass.run()]);
    expect(calls).toBe(3);
    expect(most).toBe(1);
    expect(errors).toEqual([new Error('second pass fails')]);
    pass.start(5);
    await new Promise((r) => setTimeout(r, 30));
    await pass.stop();
    const after = calls;
    expect(after).toBeGreaterThan(3);
    expect(running).toBe(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toBe(after);
  });
});
