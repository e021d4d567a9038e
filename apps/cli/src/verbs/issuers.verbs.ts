import { readFile } from 'node:fs/promises';
import { CliError, EXIT } from '../cli-error';
import { FlagValues } from '../command-line';
import { flag, Verb } from '../verb';
import { moment, segment, table } from './verb-parts';

interface IssuerView {
  id: string;
  kind: string;
  status: string;
  not_after?: string;
  chain?: string;
  csr?: string;
  created_at?: string;
}

function fields(i: IssuerView): ReadonlyArray<readonly [string, string]> {
  return [
    ['id', i.id],
    ['kind', i.kind],
    ['status', i.status],
    ['not after', moment(i.not_after) || '-'],
    ['created', moment(i.created_at) || '-'],
  ];
}

/** The text of the file a flag names; unreadable is a usage error. */
async function pemFile(flags: FlagValues, name: string): Promise<string | undefined> {
  const path = flag(flags, name);
  if (path === undefined) return undefined;
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(
      `cannot read --${name} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      EXIT.usage,
    );
  }
}

export const ISSUER_VERBS: readonly Verb[] = [
  {
    words: ['issuers', 'list'],
    args: [],
    summary: 'list the issuers (CAs), oldest first, and which one signs new certificates',
    flags: {},
    routes: ['GET /pki/issuers'],
    async run({ api }) {
      const issuers = (await api.call('GET', '/pki/issuers')) as IssuerView[];
      const rows = issuers.map((i) => [i.id, i.kind, i.status, moment(i.not_after) || '-']);
      return { json: issuers, human: [table(['ID', 'KIND', 'STATUS', 'NOT AFTER'], rows)] };
    },
  },
  {
    words: ['issuers', 'create'],
    args: [],
    summary: 'create an issuer: a new key (in the HSM when one is configured) and a self-signed root (admin)',
    details:
      'It joins the trust bundle (/pki/ca) at once and signs nothing until `certplane issuers activate <id>`. With ' +
      '--intermediate it prints a CSR for your root to sign instead; `certplane issuers install` takes the answer.',
    flags: { intermediate: { type: 'boolean', help: "a CSR for an operator's root instead of a self-signed root" } },
    routes: ['POST /pki/issuers'],
    async run({ api, flags }) {
      const kind = flags.intermediate === true ? 'intermediate' : 'root';
      const i = (await api.call('POST', '/pki/issuers', { body: { kind } })) as IssuerView;
      return { json: i, human: [{ fields: fields(i) }, ...(i.csr ? [i.csr.trimEnd()] : [])] };
    },
  },
  {
    words: ['issuers', 'install'],
    args: ['<id>'],
    summary: "install the certificate your root signed for an intermediate issuer's CSR (admin)",
    flags: {
      certificate: { type: 'string', value: '<path>', help: 'the signed certificate, PEM' },
      chain: {
        type: 'string',
        value: '<path>',
        help: 'the certificates above it up to the root, PEM, the signer first',
      },
    },
    routes: ['PUT /pki/issuers/{id}/certificate'],
    async run({ api, args, flags }) {
      const certificate = await pemFile(flags, 'certificate');
      if (certificate === undefined)
        throw new CliError('--certificate <path> is required: the certificate your root signed', EXIT.usage);
      const chain = await pemFile(flags, 'chain');
      const i = (await api.call('PUT', `/pki/issuers/${segment(args[0])}/certificate`, {
        body: { certificate, ...(chain !== undefined ? { chain } : {}) },
      })) as IssuerView;
      return { json: i, human: [{ fields: fields(i) }] };
    },
  },
  {
    words: ['issuers', 'activate'],
    args: ['<id>'],
    summary: 'make an issuer the one that signs new certificates (admin); the one before answers for its own',
    flags: {},
    routes: ['POST /pki/issuers/{id}/activate'],
    async run({ api, args }) {
      const i = (await api.call('POST', `/pki/issuers/${segment(args[0])}/activate`, { body: {} })) as IssuerView;
      return { json: i, human: [{ fields: fields(i) }] };
    },
  },
];
