import { progressReporter } from './progress-reporter';

/** A stand-in for process.stdout that keeps what was written. */
function fakeOut(isTTY: boolean) {
  const writes: string[] = [];
  return { out: { isTTY, write: (s: string) => writes.push(s) > 0 } as unknown as NodeJS.WriteStream, writes };
}

describe('progressReporter (npm run projections:rebuild)', () => {
  let now: number;
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('rewrites one line in place on a terminal, with done of total and the rate', () => {
    const { out, writes } = fakeOut(true);
    const report = progressReporter(out);
    now += 500;
    report({ done: 1000, total: 3000 });
    now += 500;
    report({ done: 2000, total: 3000 });
    report.done({ done: 3000, total: 3000 }, 1500);
    expect(writes).toEqual([
      '\rrebuilding projections: 1000/3000 events (2000/s)',
      '\rrebuilding projections: 2000/3000 events (2000/s)',
      '\rrebuilt projections from 3000 events in 1.5s\n',
    ]);
  });

  it('prints plain lines in CI logs and pipes, at most one a second', () => {
    const { out, writes } = fakeOut(false);
    const report = progressReporter(out);
    now += 1000;
    report({ done: 1000, total: 5000 });
    now += 300;
    report({ done: 2000, total: 5000 }); // within the second: not printed
    now += 700;
    report({ done: 3000, total: 5000 });
    report.done({ done: 5000, total: 5000 }, 2600);
    expect(writes).toEqual([
      'rebuilding projections: 1000/5000 events (1000/s)\n',
      'rebuilding projections: 3000/5000 events (1500/s)\n',
      'rebuilt projections from 5000 events in 2.6s\n',
    ]);
    expect(writes.join('')).not.toContain('\r');
  });
});
