import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { leakedHandles } from './leaked-handles';

/** Each test file drops what it created; only the run's SoftHSM2 store (global-setup) is removed here. */
export default async function globalTeardown(): Promise<void> {
  const conf = process.env.SOFTHSM2_CONF;
  if (conf && /cp-softhsm-/.test(conf)) rmSync(dirname(conf), { recursive: true, force: true });
  // What a test closed last may take a turn or two of the event loop to let go.
  await new Promise((resolve) => setTimeout(resolve, 1000).unref());
  const leaked = leakedHandles();
  if (leaked.length > 0) console.error(`LEAKED after the last test file:\n  ${leaked.join('\n  ')}`);
}
