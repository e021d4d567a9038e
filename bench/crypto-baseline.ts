import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyType } from '@certplane/domain';
import { generateSubjectKey } from '@certplane/pki';
import { now } from './stats';

export interface RateResult {
  ops: number;
  seconds: number;
  perSecond: number;
  /** CPU time of this process (user + system, all threads) per operation, ms. */
  cpuMsPerOp: number;
}

/**
 * What one core of this machine's node can do at best: a fresh P-256 key pair plus one ECDSA-SHA256 signature,
 * synchronously, in a tight loop. The ceiling any certificate issuer written on node's crypto is compared to.
 */
export function measureRawCrypto(seconds: number, warmupSeconds = 0.3): RateResult {
  // Roughly the size of a leaf certificate's TBSCertificate, which is what an issuer signs.
  const tbs = randomBytes(320);
  const once = () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return sign('sha256', tbs, privateKey);
  };
  return measure(once, seconds, warmupSeconds);
}

/**
 * The same ceiling for a subject key of another type: a fresh key of that type (node's own generator)
 * plus the one ECDSA-SHA256 signature the CA makes over a TBSCertificate, whatever the subject key is.
 */
export function measureRawCryptoFor(keyType: KeyType, seconds: number, warmupSeconds = 0.3): RateResult {
  const tbs = randomBytes(320);
  const { privateKey: caKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const once = () => {
    generateSubjectKey(keyType);
    return sign('sha256', tbs, caKey);
  };
  return measure(once, seconds, warmupSeconds);
}

function measure(once: () => unknown, seconds: number, warmupSeconds: number): RateResult {
  runFor(warmupSeconds, once);
  const cpu0 = process.cpuUsage();
  const { ops, elapsed } = runFor(seconds, once);
  const cpu = process.cpuUsage(cpu0);
  return { ops, seconds: elapsed, perSecond: ops / elapsed, cpuMsPerOp: (cpu.user + cpu.system) / 1000 / ops };
}

function runFor(seconds: number, fn: () => unknown): { ops: number; elapsed: number } {
  const budget = BigInt(Math.round(seconds * 1e9));
  const t0 = now();
  let ops = 0;
  let t = t0;
  let sink = 0;
  while (t - t0 < budget) {
    sink ^= (fn() as Buffer).length;
    ops++;
    t = now();
  }
  if (sink === -1) process.stdout.write(''); // keep the result observable
  return { ops, elapsed: Number(t - t0) / 1e9 };
}
