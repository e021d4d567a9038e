import { StrikeCounter } from './strike-counter';

describe('StrikeCounter', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('blocks a key after `limit` strikes until its window ends, and keys apart from each other', () => {
    const c = new StrikeCounter(3, 60_000, clock);
    c.strike('a');
    c.strike('a');
    expect(c.blockedFor('a')).toBe(0);
    now += 10_000;
    c.strike('a');
    expect(c.blockedFor('a')).toBe(50);
    expect(c.blockedFor('b')).toBe(0);
    now += 49_500;
    expect(c.blockedFor('a')).toBe(1);
    now += 500;
    expect(c.blockedFor('a')).toBe(0);
    c.strike('a');
    expect(c.blockedFor('a')).toBe(0);
  });

  it('never blocks with a limit of 0', () => {
    const c = new StrikeCounter(0, 60_000, clock);
    for (let i = 0; i < 100; i++) c.strike('a');
    expect(c.blockedFor('a')).toBe(0);
    expect(c.size).toBe(0);
  });

  it('forgets ended windows, so rotating keys do not pile up', () => {
    const c = new StrikeCounter(5, 1_000, clock);
    for (let i = 0; i < 999; i++) c.strike(`k${i}`);
    expect(c.size).toBe(999);
    now += 1_000;
    c.strike('last');
    expect(c.size).toBe(1);
  });
});
