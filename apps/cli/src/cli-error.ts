/** Exit codes of the certplane CLI, documented in its help and docs/cli.md. */
export const EXIT = {
  ok: 0,
  /** certplane answered, but refused or failed (a refused token, a name taken, …), or a local file is in the way */
  failed: 1,
  /** the command line is wrong */
  usage: 2,
  /** certplane could not be reached at all (or, for the agent, answered "try later" too long) */
  unreachable: 3,
  /** (agent) certplane no longer accepts the certificate: revoked, expired, or its client disabled or removed */
  rejected: 4,
} as const;

/** An error with the message a person reads and the exit code scripts check. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}
