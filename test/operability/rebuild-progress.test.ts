import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { minimalEnv } from '../support/processes';

const ROOT = join(__dirname, '..', '..');
const REBUILD = join(ROOT, 'dist', 'apps', 'projector', 'src', 'rebuild.main.js');

/**
 * `npm run projections:rebuild` as an operator runs it: piped (CI, logs) it prints plain
 * progress lines; on a terminal it rewrites one line in place. The terminal is a real
 * pseudo-terminal from script(1) (util-linux).
 */
describe('operability: projections:rebuild reports its progress', () => {
  let h: Harness;
  let events: number;
  beforeAll(async () => {
    if (!existsSync(REBUILD)) throw new Error(`${REBUILD} is missing: run \`npm run build\` first`);
    h = await startCertplane();
    const ids: string[] = [];
    for (const name of ['r1', 'r2', 'r3'])
      ids.push(
        (await h.call('POST', '/clientcontroller/enrol', { name, topics: { insert: 'data' } }, bearer(h))).body.url,
      );
    for (const id of ids)
      await eventually(
        async () => ((await h.call('GET', `/informationservice/details/${id}`)).status === 200 ? true : undefined),
        20_000,
        'details',
      );
    events = await h.store.count();
    await h.stopApp();
  });
  afterAll(() => h.stop());

  const env = () => ({
    ...minimalEnv(),
    DATABASE_URL: h.env.DATABASE_URL,
    CERTPLANE_ENCRYPTION_KEY: h.env.CERTPLANE_ENCRYPTION_KEY,
    CERTPLANE_LOG_LEVEL: 'warn',
  });

  it('prints plain lines when its output is not a terminal', () => {
    const run = spawnSync(process.execPath, [REBUILD], { env: env(), cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('\r');
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^rebuilding projections: ${events}/${events} events \\(\\d+/s\\)$`));
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^rebuilt projections from ${events} events in \\d+\\.\\ds$`));
  });

  it('rewrites one line in place on a terminal', () => {
    const command = [process.execPath, REBUILD].map((a) => `'${a}'`).join(' ');
    const run = spawnSync('script', ['-qec', command, '/dev/null'], {
      env: env(),
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    // The terminal turns \n into \r\n; the progress line itself starts with \r and has no newline of its own.
    expect(run.stdout).toMatch(
      new RegExp(
        `\\rrebuilding projections: ${events}/${events} events \\(\\d+/s\\)\\rrebuilt projections from ${events} events in \\d+\\.\\ds\\r?\\n`,
      ),
    );
  });
});
