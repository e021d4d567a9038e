import { createCertificateAuthority, issueClientCertificate } from '@certplane/pki';
import type { RateResult } from './crypto-baseline';
import { now } from './stats';

/**
 * certplane's own issuing path (libs/pki): a new P-256 key, the X.509 leaf built and signed with @peculiar/x509
 * over node's WebCrypto, then re-parsed and linted (which verifies the signature). Strictly sequential, so
 * at most one issue is in flight; WebCrypto does its key generation and signing on libuv's pool, so the CPU
 * time is reported alongside to show it stays about one core.
 */
export async function measureIssueRate(seconds: number, warmupSeconds = 0.5): Promise<RateResult & { certificateBytes: number }> {
  const { ca } = await createCertificateAuthority({ validityDays: 30 });
  let i = 0;
  let certificateBytes = 0;
  const once = async () => {
    const issued = await issueClientCertificate(ca, { commonName: `user-bench-${i++}`, validityDays: 30 });
    certificateBytes = issued.certificatePem.length;
  };
  await runFor(warmupSeconds, once);
  const cpu0 = process.cpuUsage();
  const { ops, elapsed } = await runFor(seconds, once);
  const cpu = process.cpuUsage(cpu0);
  return { ops, seconds: elapsed, perSecond: ops / elapsed, cpuMsPerOp: (cpu.user + cpu.system) / 1000 / ops, certificateBytes };
}

async function runFor(seconds: number, fn: () => Promise<void>): Promise<{ ops: number; elapsed: number }> {
  const budget = BigInt(Math.round(seconds * 1e9));
  const t0 = now();
  let ops = 0;
  let t = t0;
  while (t - t0 < budget) {
    await fn();
    ops++;
    t = now();
  }
  return { ops, elapsed: Number(t - t0) / 1e9 };
}
