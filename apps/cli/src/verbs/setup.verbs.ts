import { CA_CHAIN_FILE, DEVICE_CA_FILE } from '../client-files';
import { CliError, EXIT } from '../cli-error';
import { DEFAULT_RENEW_AT, parseRenewAt } from '../renewal-schedule';
import { flag, Verb } from '../verb';

// What these verbs run makes keys and reads certificates (@certplane/pki, half a second to load): it
// is imported when one of them runs, so that every other verb starts without it.

const OUT = {
  out: {
    type: 'string',
    value: '<dir>',
    help: 'where to write the files (default: the current directory; created if missing)',
  },
} as const;

/** The verbs that set a machine up with a certificate: an operator's API client, or a device with a token. */
export const SETUP_VERBS: readonly Verb[] = [
  {
    words: ['create-api-certificate'],
    args: ['<name>'],
    summary: 'create a client and write its certificate, key and the CA chain, for curl and scripts',
    details: `Writes into <dir>:
  <name>.crt    its certificate (CN=user-<name>)
  <name>.key    its private key, made here (only a CSR is sent), mode 0600
  ${CA_CHAIN_FILE}   the CA chain (kept if it is already there with the same CA)
so that: curl --cacert ${CA_CHAIN_FILE} --cert <name>.crt --key <name>.key https://...`,
    flags: OUT,
    routes: ['POST /clients'],
    async run({ args, flags, endpoint }) {
      const { createApiCertificate } = await import('../create-api-certificate');
      const written = await createApiCertificate({ name: args[0], outDir: flag(flags, 'out') ?? '.', ...endpoint });
      return {
        json: written,
        human: [
          `created client ${args[0]} (id ${written.clientId})`,
          `  certificate  ${written.certificate}`,
          `  private key  ${written.privateKey} (mode 0600, made ${written.keyOrigin === 'local' ? 'here' : 'by certplane'})`,
          `  CA chain     ${written.caChain}`,
        ],
      };
    },
  },
  {
    words: ['enrol'],
    args: [],
    summary: 'on a device: enrol with an enrolment token and write its certificate, key and CA',
    details: `Makes a P-256 key here, enrols with the enrolment token an operator created (certplane
enrolment-tokens create), sending only a CSR, and writes into <dir>:
  <name>.crt    its certificate      <name>.key    its private key, mode 0600      ${DEVICE_CA_FILE}   the CA chain
--name may be left out when the token fixes the name; give it to have the files checked before the
token is spent. --token is the enrolment token (default: $CERTPLANE_ENROLMENT_TOKEN).`,
    flags: { ...OUT, name: { type: 'string', value: '<name>', help: 'the client name to ask for' } },
    routes: ['POST /enrol'],
    credential: 'enrolment token',
    async run({ flags, endpoint }) {
      const { enrolDevice } = await import('../enrol-device');
      const written = await enrolDevice({ ...endpoint, name: flag(flags, 'name'), outDir: flag(flags, 'out') ?? '.' });
      return {
        json: written,
        human: [
          `enrolled as ${written.name} (id ${written.clientId})`,
          `  certificate  ${written.certificate}`,
          `  private key  ${written.privateKey} (mode 0600, made here)`,
          `  CA chain     ${written.caChain}`,
        ],
      };
    },
  },
  {
    words: ['agent'],
    args: [],
    summary: 'on a device: keep its certificate renewed over mutual TLS, for ever or --once',
    details: `Renews --cert over mutual TLS (EST simplereenroll) once two thirds of its lifetime have passed
(a little earlier at random), with a new P-256 key each time; replaces --key (mode 0600) and --cert
atomically, writes a changed CA chain into --cacert, runs --exec (through sh -c, with
CERTPLANE_CERT_FILE, CERTPLANE_KEY_FILE and CERTPLANE_CA_FILE set) and logs one line per renewal. It
keeps running, retrying with backoff (1 s doubling to 5 min) while certplane is unreachable, until
SIGTERM or SIGINT (exit 0). Needs an https:// --url and --cacert; no token.
Exit code 4: certplane no longer accepts the certificate (revoked, expired, client disabled or
removed): enrol again.`,
    flags: {
      cert: { type: 'string', value: '<file>', help: 'the certificate to keep renewed (replaced in place)' },
      key: { type: 'string', value: '<file>', help: 'its private key (replaced in place, mode 0600)' },
      exec: { type: 'string', value: '<command>', help: 'run after each renewal, e.g. to reload a server' },
      once: { type: 'boolean', help: 'renew if due, then exit (for cron or a systemd timer)' },
      force: { type: 'boolean', help: "renew now, whatever the certificate's age" },
      'renew-at': {
        type: 'string',
        value: '<fraction>',
        help: 'renew after this share of the lifetime instead of 2/3 (0 < f < 1)',
      },
    },
    routes: ['POST /.well-known/est/simplereenroll'],
    credential: 'client certificate',
    async run({ flags, endpoint, log, signal }) {
      const certFile = flag(flags, 'cert');
      const keyFile = flag(flags, 'key');
      if (!endpoint.url.startsWith('https:'))
        throw new CliError('agent needs an https:// --url: it renews over mutual TLS', EXIT.usage);
      if (!endpoint.caFile || !certFile || !keyFile)
        throw new CliError('agent needs --cacert, --cert and --key', EXIT.usage);
      const given = flag(flags, 'renew-at');
      const renewAt = given === undefined ? DEFAULT_RENEW_AT : parseRenewAt(given);
      if (renewAt === undefined)
        throw new CliError('--renew-at must be a fraction between 0 and 1, e.g. 0.5', EXIT.usage);
      const { runAgent } = await import('../renewal-agent');
      const exitCode = await runAgent({
        url: endpoint.url,
        cacertFile: endpoint.caFile,
        certFile,
        keyFile,
        exec: flag(flags, 'exec'),
        once: flags.once === true,
        force: flags.force === true,
        renewAt,
        log,
        signal,
      });
      return { human: [], exitCode };
    },
  },
];
