import { Verb } from '../verb';
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
    details: 'It joins the trust bundle (/pki/ca) at once and signs nothing until `certplane issuers activate <id>`.',
    flags: {},
    routes: ['POST /pki/issuers'],
    async run({ api }) {
      const i = (await api.call('POST', '/pki/issuers', { body: { kind: 'root' } })) as IssuerView;
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
