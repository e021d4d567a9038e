import { readFile } from 'node:fs/promises';
import { CertplaneApi } from './certplane-api';
import { CliError, EXIT } from './cli-error';
import { FlagSpec, FlagSpecs, FlagValues, parseCommandLine, printable } from './command-line';
import { COMMON_FLAGS, DEFAULT_URL, familyHelp, overview, verbHelp } from './help';
import { renderTable } from './render-table';
import { Endpoint, flag, Verb, VerbOutput } from './verb';
import { VERBS } from './verb-table';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: { write(text: string): unknown; isTTY?: boolean };
  err: { write(text: string): unknown };
  /** Aborted on SIGTERM or SIGINT; the agent then exits 0. */
  signal?: AbortSignal;
}

/** Every flag of every verb, to find the verb's words among the arguments before its own flags are known. */
const ANY_FLAG: FlagSpecs = Object.fromEntries(
  [COMMON_FLAGS, ...VERBS.map((v) => v.flags)]
    .flatMap((specs) => Object.entries(specs))
    .map(([name, spec]): [string, FlagSpec] => [
      name,
      { ...spec, type: spec.type === 'boolean' ? 'boolean' : 'strings' },
    ]),
);

/** The whole CLI as a function of its arguments and environment, returning the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.err.write(`certplane: ${e.message}\n`);
      return e.exitCode;
    }
    io.err.write(`certplane: unexpected error: ${(e as Error).message}\n`);
    return EXIT.failed;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  // A flag no verb knows stops the first reading; the words before the first flag still name the verb to help with.
  const firstFlag = argv.findIndex((a) => a.startsWith('-'));
  const named = verbOf(firstFlag === -1 ? argv : argv.slice(0, firstFlag));
  const { positionals, values } = withUsage(
    () => parseCommandLine(argv, ANY_FLAG),
    () => (named ? verbHint(named) : overviewHint()),
  );
  if (positionals[0] === 'help') return help(positionals.slice(1), io);
  if (positionals.length === 0) {
    // `npx certplane --help` shows npm's own help; `certplane help` is the way that always works.
    (values.help ? io.out : io.err).write(overview(VERBS));
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const verb = verbOf(positionals);
  if (!verb)
    throw new CliError(
      `unknown command ${JSON.stringify(positionals.slice(0, 2).join(' ').slice(0, 64))}\n\n${usageFor(positionals)}`,
      EXIT.usage,
    );
  const line = withUsage(
    () => parseCommandLine(argv, { ...COMMON_FLAGS, ...verb.flags }),
    () => verbHint(verb),
  );
  if (line.values.help) {
    io.out.write(verbHelp(verb));
    return EXIT.ok;
  }
  const args = line.positionals.slice(verb.words.length);
  if (args.length !== verb.args.length) {
    const wanted = verb.args.length === 0 ? 'no arguments' : verb.args.join(' ');
    throw new CliError(
      `${verb.words.join(' ')} takes ${wanted}${args.length > verb.args.length ? `, not ${printable(args[verb.args.length])}` : ''}\n\n${verbHint(verb)}`,
      EXIT.usage,
    );
  }
  const endpoint = await endpointOf(verb, line.values, io);
  const output = await verb.run({
    args,
    flags: line.values,
    endpoint,
    api: new CertplaneApi(endpoint.url, endpoint.token, endpoint.caCertificates),
    log: (text) => io.out.write(`${new Date().toISOString()} certplane ${verb.words.join(' ')}: ${text}\n`),
    signal: io.signal ?? new AbortController().signal,
  });
  io.out.write(line.values.json ? asJson(output) : asText(output, io.out.isTTY === true && !io.env.NO_COLOR));
  return output.exitCode ?? EXIT.ok;
}

function help(words: string[], io: CliIo): number {
  const verb = verbOf(words);
  const family = VERBS.filter((v) => v.words[0] === words[0]);
  if (words.length === 0) io.out.write(overview(VERBS));
  else if (verb && verb.words.length === words.length) io.out.write(verbHelp(verb));
  else if (words.length === 1 && family.length > 0) io.out.write(familyHelp(words[0], family));
  else
    throw new CliError(
      `no such verb ${JSON.stringify(words.join(' ').slice(0, 64))}\n\n${usageFor(words)}`,
      EXIT.usage,
    );
  return EXIT.ok;
}

/** The verb whose words the arguments start with. */
function verbOf(positionals: string[]): Verb | undefined {
  return VERBS.find((v) => v.words.every((w, i) => positionals[i] === w));
}

const overviewHint = () => 'Run certplane help for the verbs and their flags.';
const verbHint = (v: Verb) =>
  `Usage: ${['certplane', ...v.words, ...v.args].join(' ')} [flags]\nRun certplane help ${v.words.join(' ')} for its flags.`;

/** For words that name no verb: the verbs of their family when there is one, else where to look. */
function usageFor(words: string[]): string {
  const family = VERBS.filter((v) => v.words.length > 1 && v.words[0] === words[0]);
  return family.length > 0 ? familyHelp(words[0], family).trimEnd() : overviewHint();
}

function withUsage<T>(parse: () => T, hint: () => string): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof CliError) throw new CliError(`${e.message}\n\n${hint()}`, e.exitCode);
    throw e;
  }
}

function asJson(output: VerbOutput): string {
  return output.json === undefined ? '' : `${JSON.stringify(output.json, null, 2)}\n`;
}

function asText(output: VerbOutput, colour: boolean): string {
  return output.human
    .map((part) => {
      if (typeof part === 'string') return `${part}\n`;
      if ('table' in part) return renderTable(part.table, { colour });
      return renderTable({ columns: ['', ''], rows: part.fields.map(([k, v]) => [k, v]) }, { colour, headings: false });
    })
    .join('');
}

/** --url, --token and --cacert, or their environment variables. */
async function endpointOf(verb: Verb, values: FlagValues, io: CliIo): Promise<Endpoint> {
  const enrolment = verb.credential === 'enrolment token';
  // The agent authenticates with the client certificate it renews, and sends no token.
  const token =
    verb.credential === 'client certificate'
      ? ''
      : (flag(values, 'token') ?? (enrolment ? io.env.CERTPLANE_ENROLMENT_TOKEN : io.env.CERTPLANE_API_TOKEN));
  if (!token && verb.credential !== 'client certificate')
    throw new CliError(
      enrolment
        ? 'no enrolment token: pass --token or set CERTPLANE_ENROLMENT_TOKEN'
        : 'no API token: pass --token or set CERTPLANE_API_TOKEN',
      EXIT.usage,
    );
  const url = checkedUrl(flag(values, 'url') ?? io.env.CERTPLANE_URL ?? DEFAULT_URL);
  const cacertFile = flag(values, 'cacert') ?? io.env.CERTPLANE_CACERT;
  return {
    url,
    token: token ?? '',
    caCertificates: cacertFile ? await readCaFile(cacertFile) : undefined,
    caFile: cacertFile,
  };
}

function checkedUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`--url ${JSON.stringify(text)} is not a URL (e.g. ${DEFAULT_URL})`, EXIT.usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliError(`--url must be http:// or https://, not ${url.protocol}`, EXIT.usage);
  return url.toString();
}

async function readCaFile(path: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(
      `cannot read --cacert ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      EXIT.usage,
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new CliError(`--cacert ${path} holds no PEM certificate`, EXIT.usage);
  return pem;
}
