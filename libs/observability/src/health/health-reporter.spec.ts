import { Test } from '@nestjs/testing';
import { HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { HealthReporter } from './health-reporter';
import { CheckOutcome, ReadinessChecks } from './readiness-checks';

describe('HealthReporter', () => {
  const build = { version: '1.2.3', commit: 'abc123', buildTime: '2026-01-31T12:00:00Z' };
  let checks: ReadinessChecks;
  let reporter: HealthReporter;
  let logged: Array<[string, string, object | undefined]>;

  beforeEach(async () => {
    const mod = await Test.createTestingModule({ imports: [TerminusModule.forRoot({ logger: false })] }).compile();
    checks = new ReadinessChecks();
    logged = [];
    const logger = {
      info: (m: string, c?: object) => logged.push(['info', m, c]),
      warn: (m: string, c?: object) => logged.push(['warn', m, c]),
    };
    reporter = new HealthReporter(
      mod.get(HealthCheckService),
      mod.get(HealthIndicatorService),
      checks,
      build,
      'certplane test',
      logger,
    );
  });

  const add = (name: string, run: () => Promise<CheckOutcome>) => checks.add({ name, componentType: 'component', run });

  it('answers liveness from the build alone, in the health+json shape', () => {
    expect(reporter.liveness()).toEqual({
      status: 'pass',
      version: '1.2.3',
      commit: 'abc123',
      description: 'certplane test',
      build_time: '2026-01-31T12:00:00Z',
    });
  });

  it('passes when every check passes, reporting what each observed', async () => {
    add('postgres:responseTime', async () => ({ status: 'pass', observedValue: 1.5, observedUnit: 'ms' }));
    const doc = await reporter.readiness();
    expect(doc).toMatchObject({ status: 'pass', version: '1.2.3', description: 'certplane test' });
    expect(doc.checks).toEqual({
      'postgres:responseTime': [
        {
          componentType: 'component',
          status: 'pass',
          observedValue: 1.5,
          observedUnit: 'ms',
          time: expect.any(String),
        },
      ],
    });
    expect(logged).toEqual([]);
  });

  it('warns when a check warns, and fails when one throws or hangs, saying why', async () => {
    add('projector:consumerLag', async () => ({
      status: 'warn',
      observedValue: 5000,
      observedUnit: 'messages',
      output: 'behind',
    }));
    expect((await reporter.readiness()).status).toBe('warn');
    add('postgres:responseTime', async () => {
      throw new Error('connect ECONNREFUSED');
    });
    add('jetstream:responseTime', () => new Promise(() => undefined));
    const doc = await reporter.readiness();
    expect(doc.status).toBe('fail');
    expect(doc.checks!['postgres:responseTime'][0]).toMatchObject({ status: 'fail', output: 'connect ECONNREFUSED' });
    expect(doc.checks!['jetstream:responseTime'][0]).toMatchObject({
      status: 'fail',
      output: expect.stringMatching(/did not answer within/),
    });
    expect(doc.checks!['projector:consumerLag'][0]).toMatchObject({ status: 'warn', observedValue: 5000 });
  }, 10_000);

  it('fails from the moment shutdown begins', async () => {
    add('postgres:responseTime', async () => ({ status: 'pass' }));
    reporter.onModuleDestroy();
    const doc = await reporter.readiness();
    expect(doc.status).toBe('fail');
    expect(doc.checks!['process:shutdown'][0]).toMatchObject({ status: 'fail', componentType: 'system' });
  });

  it('logs when readiness changes, not at every probe', async () => {
    let up = true;
    add('postgres:responseTime', async () => {
      if (!up) throw new Error('down');
      return { status: 'pass' };
    });
    await reporter.readiness();
    up = false;
    await reporter.readiness();
    await reporter.readiness();
    up = true;
    await reporter.readiness();
    expect(logged.map(([level, msg]) => `${level} ${msg}`)).toEqual([
      'warn readiness is fail',
      'info readiness is pass again',
    ]);
  });
});
