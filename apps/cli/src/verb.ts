import { CertplaneApi } from './certplane-api';
import { FlagSpecs, FlagValues } from './command-line';
import { Table } from './render-table';

/** What a verb shows: `json` for --json (the API's answer), `human` otherwise, in order. */
export interface VerbOutput {
  /** Undefined when the API answered without a body (204): --json then prints nothing */
  json?: unknown;
  human: ReadonlyArray<string | { table: Table } | { fields: ReadonlyArray<readonly [string, string]> }>;
  /** The process's exit code when it is not 0 (the agent's "certificate no longer accepted") */
  exitCode?: number;
}

/** Where certplane is and how to reach it: --url, --token, --cacert or their environment variables. */
export interface Endpoint {
  url: string;
  token: string;
  caCertificates?: string;
  /** Where caCertificates came from (--cacert or $CERTPLANE_CACERT), for verbs that keep it current */
  caFile?: string;
}

export interface VerbCall {
  /** The positional arguments after the verb's words, as many as `args` names */
  args: string[];
  flags: FlagValues;
  endpoint: Endpoint;
  api: CertplaneApi;
  /** Writes one line to the output as it happens, for verbs that keep running (the agent) */
  log(line: string): void;
  /** Aborted on SIGTERM or SIGINT */
  signal: AbortSignal;
}

/**
 * One thing the CLI does: `certplane clients list`. Help, usage errors and dispatch are all made
 * from these, so a new verb is one entry in verb-table.ts and nothing else.
 */
export interface Verb {
  words: readonly string[];
  /** Positional arguments by name, e.g. ['<id>']; exactly these many are taken */
  args: readonly string[];
  summary: string;
  /** More help after the flags, shown by `certplane help <verb>` */
  details?: string;
  flags: FlagSpecs;
  /** The API routes the verb calls, as the OpenAPI document spells them (`GET /clients/{id}`) */
  routes: readonly string[];
  /** What --token is; an enrolment token comes from $CERTPLANE_ENROLMENT_TOKEN instead */
  credential?: 'API token' | 'enrolment token' | 'client certificate';
  run(call: VerbCall): Promise<VerbOutput>;
}

/** A flag's value as one string (flags of type 'string'). */
export function flag(flags: FlagValues, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** A flag's values as a list (flags of type 'strings'). */
export function flagList(flags: FlagValues, name: string): string[] | undefined {
  const v = flags[name];
  return Array.isArray(v) ? v : undefined;
}
