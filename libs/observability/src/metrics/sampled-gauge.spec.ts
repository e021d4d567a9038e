import { Registry } from 'prom-client';
import { SampledGauge } from './sampled-gauge';

describe('SampledGauge', () => {
  const make = (labelNames: string[] = [], onError?: (metric: string, e: Error) => void) => {
    const registry = new Registry();
    const gauge = new SampledGauge({ name: 'test_gauge', help: 'h', labelNames, registry, timeoutMs: 50, onError });
    return { registry, gauge };
  };
  const values = async (registry: Registry) =>
    (await registry.metrics()).split('\n').filter((l) => l.startsWith('test_gauge'));

  it('reads its samplers at each scrape, labelled values from several samplers side by side', async () => {
    const { registry, gauge } = make(['consumer']);
    let lag = 3;
    gauge.sample(async (set) => set(lag, { consumer: 'a' }));
    gauge.sample(async (set) => set(7, { consumer: 'b' }));
    expect(await values(registry)).toEqual(['test_gauge{consumer="a"} 3', 'test_gauge{consumer="b"} 7']);
    lag = 0;
    expect(await values(registry)).toContain('test_gauge{consumer="a"} 0');
  });

  it('leaves a series out, rather than repeating a stale value or reporting 0, when its sampler fails or hangs', async () => {
    const errors: string[] = [];
    const { registry, gauge } = make([], (metric, e) => errors.push(`${metric}: ${e.message}`));
    let mode: 'ok' | 'fail' | 'hang' = 'ok';
    gauge.sample(async (set) => {
      if (mode === 'fail') throw new Error('database down');
      if (mode === 'hang') await new Promise(() => undefined);
      set(42);
    });
    expect(await values(registry)).toEqual(['test_gauge 42']);
    mode = 'fail';
    expect(await values(registry)).toEqual([]);
    mode = 'hang';
    expect(await values(registry)).toEqual([]);
    expect(errors).toEqual(['test_gauge: database down', 'test_gauge: test_gauge did not answer within 50 ms']);
  });
});
