import { CA_CHAIN_FILE, createApiCertificate } from '../create-api-certificate';
import { DEVICE_CA_FILE, enrolDevice } from '../enrol-device';
import { flag, Verb } from '../verb';

const OUT = { out: { type: 'string', value: '<dir>', help: 'where to write the files (default: the current directory; created if missing)' } } as const;

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
      const written = await enrolDevice({ ...endpoint, name: flag(flags, 'name'), outDir: flag(flags, 'out') ?? '.' });
      return {
        json: written,
        human: [`enrolled as ${written.name} (id ${written.clientId})`, `  certificate  ${written.certificate}`, `  private key  ${written.privateKey} (mode 0600, made here)`, `  CA chain     ${written.caChain}`],
      };
    },
  },
];
