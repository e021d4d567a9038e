import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ChildRun } from '../support/processes';

// The short variant: the faults in turn with the shortest pauses between them (the frozen projector alone takes 15 s).
jest.setTimeout(300_000);

const ROOT = join(__dirname, '..', '..');
const RUNNER = join(ROOT, 'dist', 'chaos', 'chaos.main.js');

/**
 * `npm run chaos` in its short variant: its own Postgres cluster and nats-server, the api, two
 * cert-issuers and a projector as processes, steady load, and every fault of the full run. The
 * runner checks and prints the figures; this asserts the printed line.
 */
describe('chaos: faults under load (short variant)', () => {
  it('loses, duplicates and leaks nothing, and answers 5xx only as documented', async () => {
    if (!existsSync(RUNNER)) throw new Error(`${RUNNER} is missing: run \`npm run build\` first`);
    const run = ChildRun.spawn('chaos', process.execPath, [RUNNER], {
      env: { ...(process.env as Record<string, string>), CERTPLANE_CHAOS_SECONDS: '25' },
      cwd: ROOT,
    });
    const exit = await run.waitForExit(280_000).catch(async (e) => {
      await run.stop(20_000);
      throw e;
    });
    const lines = run.stdout.trim().split('\n');
    const figures = Object.fromEntries(
      lines[lines.length - 1]
        .split(' ')
        .map((kv) => kv.split('='))
        .map(([k, v]) => [k, Number(v)]),
    );
    const explain = `\n${run.stderr.slice(-6000)}`;

    expect({ figures, explain: exit.code === 0 ? '' : explain }).toMatchObject({
      figures: {
        lost: 0,
        duplicated: 0,
        read_model_diff: 0,
        unexpected_5xx: 0,
        crashed: 0,
        secrets_found: 0,
        details_missing: 0,
      },
      explain: '',
    });
    expect(figures.accepted).toBeGreaterThan(50);
    expect(figures.issued).toBe(figures.accepted);
    expect(figures.dead_lettered).toBeGreaterThanOrEqual(1);
    expect(figures.dead_lettered).toBe(figures.poison_published);
    expect(exit).toEqual({ code: 0, signal: null });
  });
});
