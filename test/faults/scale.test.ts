import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ChildRun } from '../support/processes';

// Start-up of the nine processes takes most of it; the load runs 20 s.
jest.setTimeout(170_000);

const ROOT = join(__dirname, '..', '..');
const RUNNER = join(ROOT, 'dist', 'chaos', 'scale.main.js');

/**
 * `npm run scale` in its short variant: a three-node JetStream cluster, two apis, two
 * cert-issuers and two projectors as processes on loopback, enrolment load through both apis, the
 * stream leader killed and a node's store wiped under it. The runner checks and prints the
 * figures; this asserts the printed line.
 */
describe('scale: every service replicated, NATS nodes lost under load (short variant)', () => {
  it('issues every accepted enrolment exactly once and ends with read models equal to a rebuild', async () => {
    if (!existsSync(RUNNER)) throw new Error(`${RUNNER} is missing: run \`npm run build\` first`);
    const run = ChildRun.spawn('scale', process.execPath, [RUNNER], {
      env: {
        ...(process.env as Record<string, string>),
        CERTPLANE_SCALE_SECONDS: '20',
        CERTPLANE_SCALE_MAX_ENROLMENTS: '300',
      },
      cwd: ROOT,
    });
    const exit = await run.waitForExit(160_000).catch(async (e) => {
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
      figures: { lost: 0, duplicated: 0, details_missing: 0, read_model_diff: 0, unexpected_5xx: 0, crashed: 0 },
      explain: '',
    });
    expect(figures.accepted).toBeGreaterThan(20);
    expect(figures.issued).toBe(figures.accepted);
    expect(run.stderr).toMatch(/stream leader \(nats port \d+\) kill -9/);
    expect(run.stderr).toMatch(/store wiped, restarted empty/);
    expect(exit).toEqual({ code: 0, signal: null });
  });
});
