import { CertplaneConfig } from '@certplane/config';

export type ProcessRole = 'all-in-one' | 'api' | 'cert-issuer' | 'projector' | 'tool';

export interface PlatformOptions {
  role: ProcessRole;
  /** Given by tests and tools; otherwise read from the environment. */
  config?: CertplaneConfig;
  /** Tools (rebuild, migrate) must not publish or consume. */
  relay?: boolean;
  /** Where log lines go instead of stdout: tests that scan every line for secrets. */
  logDestination?: { write(line: string): void };
}

/**
 * Whether this process runs the outbox relay: it publishes what it appends, and sweeps. The
 * projector appends nothing, so it has nothing to publish, and sweeping there would only add one
 * more process contending for the sweep.
 */
export function runsRelay(options: PlatformOptions): boolean {
  return options.relay !== false && options.role !== 'projector';
}

/** Whether this process signs certificates or answers for the issuers (CRL, OCSP, trust bundle, mTLS). */
export function signsOrServes(role: PlatformOptions['role']): boolean {
  return role === 'all-in-one' || role === 'api' || role === 'cert-issuer';
}
