import { availableParallelism } from 'node:os';
import { CertificateSigner } from '@certplane/issuance';
import type { KeyType } from '@certplane/domain';
import {
  createCertificateAuthority,
  createCertificateAuthorityForKey,
  issueClientCertificate,
  type LoadedCertificateAuthority,
  type TemplateProfile,
} from '@certplane/pki';
import { Pkcs11Token } from '@certplane/vault';
import { softHsmModule, softHsmStore, softHsmToken } from '../test/support/softhsm';
import type { RateResult } from './crypto-baseline';
import { now } from './stats';

/**
 * certplane's own issuing path (libs/pki): a new P-256 key and the X.509 leaf encoded from the CA's
 * FastCertificateTemplate and signed with node's crypto, all synchronous on this thread. Strictly
 * sequential, so it measures one core; the CPU time is reported alongside to show it.
 */
export async function measureIssueRate(
  seconds: number,
  warmupSeconds = 0.5,
  keyType?: KeyType,
): Promise<RateResult & { certificateBytes: number }> {
  const { ca } = await createCertificateAuthority({ validityDays: 30 });
  // Another key type: a profile whose server-generated keys are of it; else the default profile.
  const profile: TemplateProfile | undefined = keyType
    ? { keyTypes: [keyType], extendedKeyUsages: ['clientAuth'], subject: { extra: [] } }
    : undefined;
  let i = 0;
  let certificateBytes = 0;
  const once = async () => {
    const issued = await issueClientCertificate(ca, {
      commonName: `user-bench-${i++}`,
      validitySeconds: 30 * 86_400,
      profile,
    });
    certificateBytes = issued.certificatePem.length;
  };
  await runFor(warmupSeconds, once);
  const cpu0 = process.cpuUsage();
  const { ops, elapsed } = await runFor(seconds, once);
  const cpu = process.cpuUsage(cpu0);
  return {
    ops,
    seconds: elapsed,
    perSecond: ops / elapsed,
    cpuMsPerOp: (cpu.user + cpu.system) / 1000 / ops,
    certificateBytes,
  };
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

/**
 * The cert-issuer's CertificateSigner on its worker pool (one thread per core unless `threads` says
 * otherwise), with 32 requests in flight (the issuer's CERTPLANE_CONSUMER_CONCURRENCY default until it
 * became 128; kept so the figure stays comparable): what one issuer process can sign on this machine.
 */
export async function measurePoolIssueRate(
  seconds: number,
  warmupSeconds = 0.5,
  threads = availableParallelism(),
): Promise<RateResult & { threads: number }> {
  const { ca } = await createCertificateAuthority({ validityDays: 30 });
  return measureSignerRate(ca, seconds, warmupSeconds, threads);
}

/**
 * The same CertificateSigner and load with the CA key in a PKCS#11 token (SoftHSM2, a token of its own): every
 * signature goes through PKCS#11, on a session per core. Undefined when SoftHSM2 is not installed.
 */
export async function measureHsmIssueRate(
  seconds: number,
  warmupSeconds = 0.5,
  threads = availableParallelism(),
): Promise<(RateResult & { threads: number }) | undefined> {
  if (!softHsmModule()) return undefined;
  process.env.SOFTHSM2_CONF ??= softHsmStore();
  const hsm = softHsmToken();
  const token = await Pkcs11Token.open({
    module: hsm.module,
    tokenLabel: hsm.tokenLabel,
    pinFile: hsm.pinFile,
    keyLabel: 'bench-ca',
  });
  try {
    const ca = await createCertificateAuthorityForKey(await token.generateKey(), { validityDays: 30 });
    return await measureSignerRate(ca, seconds, warmupSeconds, threads);
  } finally {
    token.close();
    hsm.remove();
  }
}

async function measureSignerRate(
  ca: LoadedCertificateAuthority,
  seconds: number,
  warmupSeconds: number,
  threads: number,
): Promise<RateResult & { threads: number }> {
  const signer = new CertificateSigner({ signingThreads: threads });
  try {
    let i = 0;
    const inFlight = 32;
    const run = async (budgetSeconds: number) => {
      const budget = BigInt(Math.round(budgetSeconds * 1e9));
      const t0 = now();
      let ops = 0;
      const lane = async () => {
        while (now() - t0 < budget) {
          await signer.issue(ca, { commonName: `user-bench-${i++}`, validitySeconds: 30 * 86_400 });
          ops++;
        }
      };
      await Promise.all(Array.from({ length: inFlight }, lane));
      return { ops, elapsed: Number(now() - t0) / 1e9 };
    };
    await run(warmupSeconds);
    const cpu0 = process.cpuUsage();
    const { ops, elapsed } = await run(seconds);
    const cpu = process.cpuUsage(cpu0);
    return {
      ops,
      seconds: elapsed,
      perSecond: ops / elapsed,
      cpuMsPerOp: (cpu.user + cpu.system) / 1000 / ops,
      threads: signer.threadCount,
    };
  } finally {
    await signer.onModuleDestroy();
  }
}
