import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { leakedHandles } from './leaked-handles';

/** Each test file drops what it created; only the run's SoftHSM2 store (global-setup) is removed here. */
export default async function globalTeardown(): Promise<void> {
  const conf = process.env.SOFTHSM2_CONF;
  if (conf && /cp-softhsm-/.test(conf)) rmSync(dirname(conf), { recursive: true, force: true });
  // What a test closed last may take a turn or two of the event loop to let go. The timer stays ref'd:
  // were it the only thing left, an unref'd one would let Node exit 0 before Jest sets the run's exit code.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const leaked = leakedHandles();
  if (leaked.length > 0) console.error(`LEAKED after the last test file:\n  ${leaked.join('\n  ')}`);
}
