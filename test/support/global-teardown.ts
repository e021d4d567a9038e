import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

/** Each test file drops what it created; only the run's SoftHSM2 store (global-setup) is removed here. */
export default async function globalTeardown(): Promise<void> {
  const conf = process.env.SOFTHSM2_CONF;
  if (conf && /cp-softhsm-/.test(conf)) rmSync(dirname(conf), { recursive: true, force: true });
}
