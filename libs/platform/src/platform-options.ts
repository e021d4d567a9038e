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
