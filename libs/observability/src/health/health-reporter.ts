import { OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { BuildInfo } from '../build-info';
import { withTimeout } from '../with-timeout';
import { CheckOutcome, ReadinessChecks } from './readiness-checks';

const CHECK_TIMEOUT_MS = 2_000;

export type HealthStatus = 'pass' | 'warn' | 'fail';

/** One entry of `checks` in the health+json draft (draft-inadarei-api-health-check). */
export interface HealthCheckEntry {
  componentType: string;
  status: HealthStatus;
  observedValue?: number | string | boolean;
  observedUnit?: string;
  output?: string;
  time: string;
}

export interface HealthDocument {
  status: HealthStatus;
  version: string;
  commit: string;
  description: string;
  build_time: string;
  checks?: Record<string, HealthCheckEntry[]>;
}

/** What an indicator handed to Terminus: its up/down, and what the check saw. */
type IndicatorDetail = { status: 'up' | 'down'; outcome?: CheckOutcome['status'] } & Omit<CheckOutcome, 'status'>;

export interface HealthReporterLogger {
  info(msg: string, ctx?: object): void;
  warn(msg: string, ctx?: object): void;
}

/**
 * Liveness and readiness of this process in the health+json format. Liveness is the process
 * answering at all: it never looks at dependencies, so an outage of Postgres does not get every
 * process restarted. Readiness runs this process's checks through Terminus, each bounded in
 * time, and fails from the moment shutdown begins, so that traffic moves away while in-flight
 * work drains.
 */
export class HealthReporter implements OnModuleDestroy {
  private shuttingDown = false;
  private lastStatus?: HealthStatus;

  constructor(
    private readonly terminus: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly checks: ReadinessChecks,
    private readonly build: BuildInfo,
    private readonly description: string,
    private readonly logger: HealthReporterLogger,
  ) {}

  liveness(): HealthDocument {
    return {
      status: 'pass',
      version: this.build.version,
      commit: this.build.commit,
      description: this.description,
      build_time: this.build.buildTime,
    };
  }

  async readiness(): Promise<HealthDocument> {
    const time = new Date().toISOString();
    const checks: Record<string, HealthCheckEntry[]> = {};
    const result = await this.runChecks();
    for (const check of this.checks.all()) {
      const detail = result.details[check.name] as IndicatorDetail | undefined;
      const status: HealthStatus = detail?.status !== 'up' ? 'fail' : detail.outcome === 'warn' ? 'warn' : 'pass';
      checks[check.name] = [
        stripUndefined({
          componentType: check.componentType,
          status,
          observedValue: detail?.observedValue,
          observedUnit: detail?.observedUnit,
          output: detail?.output,
          time,
        }),
      ];
    }
    if (this.shuttingDown)
      checks['process:shutdown'] = [
        { componentType: 'system', status: 'fail', output: 'shutting down: finishing in-flight work', time },
      ];
    const statuses = Object.values(checks).map(([c]) => c.status);
    const status: HealthStatus = statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'pass';
    this.logTransition(status, checks);
    return { ...this.liveness(), status, checks };
  }

  onModuleDestroy(): void {
    this.shuttingDown = true;
  }

  private async runChecks(): Promise<HealthCheckResult> {
    const indicators = this.checks.all().map((check) => async (): Promise<HealthIndicatorResult> => {
      const session = this.indicators.check(check.name);
      try {
        const { status, ...observed } = await withTimeout(check.run(), CHECK_TIMEOUT_MS, check.name);
        // Terminus knows only up and down; a warning is up, with the outcome kept beside it.
        return session.up({ ...observed, outcome: status });
      } catch (e) {
        return session.down({ output: (e as Error).message });
      }
    });
    try {
      return await this.terminus.check(indicators);
    } catch (e) {
      // Terminus answers a failed check (and its own shutdown state) by throwing the result.
      if (e instanceof ServiceUnavailableException) return e.getResponse() as HealthCheckResult;
      throw e;
    }
  }

  /** One line when readiness changes, not one per probe. */
  private logTransition(status: HealthStatus, checks: Record<string, HealthCheckEntry[]>): void {
    if (status === this.lastStatus) return;
    const previous = this.lastStatus;
    this.lastStatus = status;
    const failing = Object.entries(checks)
      .filter(([, [c]]) => c.status !== 'pass')
      .map(([name, [c]]) => ({ check: name, status: c.status, output: c.output }));
    if (status === 'pass') {
      if (previous) this.logger.info('readiness is pass again', { previous });
    } else {
      this.logger.warn(`readiness is ${status}`, { previous: previous ?? null, checks: failing });
    }
  }
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
