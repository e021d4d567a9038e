import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CliError, EXIT } from './cli-error';
import { CA_CHAIN_FILE, createApiCertificate } from './create-api-certificate';
import { DEVICE_CA_FILE, enrolDevice } from './enrol-device';
import { runAgent } from './renewal-agent';
import { DEFAULT_RENEW_AT, parseRenewAt } from './renewal-schedule';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
  /** Aborted on SIGTERM or SIGINT; the agent then exits 0. */
  signal?: AbortSignal;
}

const DEFAULT_URL = 'http://localhost:8080';

export const USAGE = `Usage: certplane create-api-certificate <name> [--out <dir>] [--url <url>] [--token <token>] [--cacert <file>]
       certplane enrol --token <enrolment token> [--name <name>] [--out <dir>] [--url <url>] [--cacert <file>]
       certplane agent --url <url> --cacert <file> --cert <file> --key <file> [--exec <command>] [--once] [--force] [--renew-at <fraction>]

Creates a client called <name> in certplane and writes, into <dir> (default: the current directory):
  <name>.crt    its certificate (CN=user-<name>)
  <name>.key    its private key, made here (only a CSR is sent), mode 0600
  ${CA_CHAIN_FILE}   the CA chain (kept if it is already there with the same CA)
so that: curl --cacert ${CA_CHAIN_FILE} --cert <name>.crt --key <name>.key https://...

certplane enrol, on a device: makes a P-256 key here, enrols with the enrolment token an operator
created (POST /enrolment-tokens), sending only a CSR, and writes into <dir>:
  <name>.crt    its certificate      <name>.key    its private key, mode 0600      ${DEVICE_CA_FILE}   the CA chain
--name may be left out when the token fixes the name; give it to have the files checked before the
token is spent. The token may also come from $CERTPLANE_ENROLMENT_TOKEN.

certplane agent, on a device: renews --cert over mutual TLS (EST simplereenroll) once two thirds of
its lifetime have passed (a little earlier at random), with a new P-256 key each time; replaces --key
(mode 0600) and --cert atomically, writes a changed CA chain into --cacert, runs --exec (through sh -c,
with CERTPLANE_CERT_FILE, CERTPLANE_KEY_FILE and CERTPLANE_CA_FILE set) and logs one line per renewal.
It keeps running, retrying with backoff (1 s doubling to 5 min) while certplane is unreachable, until
SIGTERM or SIGINT (exit 0).
  --once               renew if due, then exit (for cron or a systemd timer)
  --force              renew now, whatever the certificate's age
  --renew-at <f>       renew after this fraction of the lifetime instead of 2/3 (0 < f < 1, e.g. 0.1 in tests)

Options:
  --out <dir>      where to write the files (created if missing)
  --name <name>    (enrol) the client name to ask for
  --url <url>      certplane's API (default: $CERTPLANE_URL, else ${DEFAULT_URL})
  --token <token>  the API token (default: $CERTPLANE_API_TOKEN); for enrol, the enrolment token
                   (default: $CERTPLANE_ENROLMENT_TOKEN)
  --cacert <file>  for an https:// --url: trust the CA certificates in <file> (PEM, e.g. a cluster.crt
                   from earlier) instead of the system's (default: $CERTPLANE_CACERT)
  -h, --help       show this help (also: certplane help)

Exit codes: 0 done, 1 certplane refused or failed (or a file is in the way), 2 wrong usage, 3 certplane unreachable,
4 (agent) certplane no longer accepts the certificate (revoked, expired, client disabled or removed): enrol again.
`;

/** The whole CLI as a function of its arguments and environment, returning the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseCommandLine(argv);
    // `help` as a command too: `npx certplane --help` shows npm's own help instead.
    const helpAsked = values.help || positionals[0] === 'help';
    if (helpAsked || positionals.length === 0) {
      (helpAsked ? io.out : io.err).write(USAGE);
      return helpAsked ? EXIT.ok : EXIT.usage;
    }
    const [command, name, ...extra] = positionals;
    if (command === 'enrol') return await enrol(values, positionals.slice(1), io);
    if (command === 'agent') return await agent(values, positionals.slice(1), io);
    if (command !== 'create-api-certificate') throw new CliError(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`, EXIT.usage);
    if (!name || extra.length > 0) throw new CliError(`create-api-certificate takes exactly one <name>\n\n${USAGE}`, EXIT.usage);
    const token = values.token ?? io.env.CERTPLANE_API_TOKEN;
    if (!token) throw new CliError('no API token: pass --token or set CERTPLANE_API_TOKEN', EXIT.usage);
    const { url, caCertificates } = await endpointOf(values, io);
    const written = await createApiCertificate({ name, outDir: values.out ?? '.', url, token, caCertificates });
    io.out.write(
      [
        `created client ${name} (id ${written.clientId})`,
        `  certificate  ${written.certificate}`,
        `  private key  ${written.privateKey} (mode 0600, made ${written.keyOrigin === 'local' ? 'here' : 'by certplane'})`,
        `  CA chain     ${written.caChain}`,
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CliError) {
      io.err.write(`certplane: ${e.message}\n`);
      return e.exitCode;
    }
    io.err.write(`certplane: unexpected error: ${(e as Error).message}\n`);
    return EXIT.failed;
  }
}

type Values = ReturnType<typeof parseCommandLine>['values'];

async function enrol(values: Values, extra: string[], io: CliIo): Promise<number> {
  if (extra.length > 0) throw new CliError(`enrol takes no positional arguments (the name is --name)\n\n${USAGE}`, EXIT.usage);
  const token = values.token ?? io.env.CERTPLANE_ENROLMENT_TOKEN;
  if (!token) throw new CliError('no enrolment token: pass --token or set CERTPLANE_ENROLMENT_TOKEN', EXIT.usage);
  const { url, caCertificates } = await endpointOf(values, io);
  const written = await enrolDevice({ url, token, name: values.name, outDir: values.out ?? '.', caCertificates });
  io.out.write([`enrolled as ${written.name} (id ${written.clientId})`, `  certificate  ${written.certificate}`, `  private key  ${written.privateKey} (mode 0600, made here)`, `  CA chain     ${written.caChain}`, ''].join('\n'));
  return EXIT.ok;
}

async function agent(values: Values, extra: string[], io: CliIo): Promise<number> {
  if (extra.length > 0) throw new CliError(`agent takes no positional arguments\n\n${USAGE}`, EXIT.usage);
  const url = checkedUrl(values.url ?? io.env.CERTPLANE_URL ?? DEFAULT_URL);
  const cacertFile = values.cacert ?? io.env.CERTPLANE_CACERT;
  if (!url.startsWith('https:')) throw new CliError('agent needs an https:// --url: it renews over mutual TLS', EXIT.usage);
  if (!cacertFile || !values.cert || !values.key) throw new CliError(`agent needs --cacert, --cert and --key\n\n${USAGE}`, EXIT.usage);
  const renewAt = values['renew-at'] === undefined ? DEFAULT_RENEW_AT : parseRenewAt(values['renew-at']);
  if (renewAt === undefined) throw new CliError('--renew-at must be a fraction between 0 and 1, e.g. 0.5', EXIT.usage);
  return runAgent({
    url,
    cacertFile,
    certFile: values.cert,
    keyFile: values.key,
    exec: values.exec,
    once: values.once === true,
    force: values.force === true,
    renewAt,
    log: (line) => io.out.write(`${new Date().toISOString()} certplane agent: ${line}\n`),
    signal: io.signal ?? new AbortController().signal,
  });
}

/** --url and --cacert, or their environment variables. */
async function endpointOf(values: Values, io: CliIo): Promise<{ url: string; caCertificates?: string }> {
  const url = checkedUrl(values.url ?? io.env.CERTPLANE_URL ?? DEFAULT_URL);
  const cacertFile = values.cacert ?? io.env.CERTPLANE_CACERT;
  return { url, caCertificates: cacertFile ? await readCaFile(cacertFile) : undefined };
}

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        url: { type: 'string' },
        token: { type: 'string' },
        cacert: { type: 'string' },
        name: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        exec: { type: 'string' },
        once: { type: 'boolean' },
        force: { type: 'boolean' },
        'renew-at': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n\n${USAGE}`, EXIT.usage);
  }
}

function checkedUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`--url ${JSON.stringify(text)} is not a URL (e.g. ${DEFAULT_URL})`, EXIT.usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`--url must be http:// or https://, not ${url.protocol}`, EXIT.usage);
  return url.toString();
}

async function readCaFile(path: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read --cacert ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, EXIT.usage);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new CliError(`--cacert ${path} holds no PEM certificate`, EXIT.usage);
  return pem;
}
