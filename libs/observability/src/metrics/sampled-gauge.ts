import { Gauge, Registry } from 'prom-client';
import { withTimeout } from '../with-timeout';

/** Sets the gauge's values for one scrape (labelled or not). */
export type Sampler = (set: (value: number, labels?: Record<string, string>) => void) => Promise<void>;

/**
 * A gauge read at scrape time from samplers that the components of this process register (the
 * outbox, the consumers, the projections, the CA). Values are cleared before each scrape, so a
 * sampler that fails or times out leaves its series out instead of repeating a stale value.
 */
export class SampledGauge {
  private readonly samplers: Sampler[] = [];

  constructor(opts: {
    name: string;
    help: string;
    labelNames: string[];
    registry: Registry;
    timeoutMs: number;
    onError?: (metric: string, error: Error) => void;
  }) {
    const samplers = this.samplers;
    new Gauge({
      name: opts.name,
      help: opts.help,
      labelNames: opts.labelNames,
      registers: [opts.registry],
      async collect() {
        this.reset();
        // An unlabelled gauge resets to 0, which would read as a value (a CA expired in 1970): drop it.
        if (opts.labelNames.length === 0) this.remove();
        const set = (value: number, labels: Record<string, string> = {}) => this.set(labels, value);
        await Promise.all(
          samplers.map((sample) =>
            withTimeout(sample(set), opts.timeoutMs, opts.name).catch((e: Error) => opts.onError?.(opts.name, e)),
          ),
        );
      },
    });
  }

  sample(sampler: Sampler): void {
    this.samplers.push(sampler);
  }
}
