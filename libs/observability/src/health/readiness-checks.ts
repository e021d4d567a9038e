/** What one readiness check saw; it throws instead when the component cannot be used. */
export interface CheckOutcome {
  /** `warn`: usable, but an operator should look (e.g. a consumer far behind). */
  status: 'pass' | 'warn';
  observedValue?: number | string | boolean;
  observedUnit?: string;
  output?: string;
}

export interface ReadinessCheck {
  /** The health+json key, "component:measurement", e.g. "postgres:responseTime". */
  name: string;
  componentType: 'datastore' | 'component' | 'system';
  run(): Promise<CheckOutcome>;
}

/**
 * The checks /health/ready runs in this process. The platform adds Postgres and the bus; each
 * consumer adds its lag when it subscribes, so a worker checks exactly the consumers it runs.
 */
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  add(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  all(): ReadinessCheck[] {
    return [...this.checks.values()];
  }
}

/** Times a probe of a dependency, reported in milliseconds. */
export async function responseTime(probe: () => Promise<unknown>): Promise<CheckOutcome> {
  const started = performance.now();
  await probe();
  return { status: 'pass', observedValue: Math.round((performance.now() - started) * 10) / 10, observedUnit: 'ms' };
}
