import { CliError, EXIT } from '../cli-error';
import { flag, flagList, Verb, VerbCall } from '../verb';
import type { CertificateView, ChannelView, ClientView } from '@certplane/api-contract';
import {
  listVerb,
  atFlag,
  clientIdFor,
  eventsVerb,
  jsonFile,
  listPage,
  moment,
  PAGE_FLAGS,
  pageQuery,
  pairs,
  segment,
  showVerb,
  table,
  TYPE_FILTER,
} from './verb-parts';

const ID = ['<id|name>'];
const CLIENT_ARG = 'A client is named by its id or by its name (the name finds live clients only).';

const clientRow = (c: ClientView) => [
  c.id,
  c.name,
  c.status,
  c.tags.join(','),
  c.certificate?.serial_number ?? '',
  c.certificate?.status ?? '',
  moment(c.certificate?.not_after),
];
const CLIENT_COLUMNS = ['ID', 'NAME', 'STATUS', 'TAGS', 'CERTIFICATE', 'CERT STATUS', 'EXPIRES'];

export const certificateRow = (c: CertificateView) => [
  c.serial_number,
  c.status,
  moment(c.not_before),
  moment(c.not_after),
  c.revocation ? `${c.revocation.reason} by ${c.revocation.revoked_by ?? '?'}` : '',
  c.key_origin,
];
const CERTIFICATE_COLUMNS = ['SERIAL', 'STATUS', 'NOT BEFORE', 'NOT AFTER', 'REVOCATION', 'KEY'];

function clientFields(c: ClientView) {
  return {
    fields: [
      ['id', c.id],
      ['name', c.name],
      ['status', c.status],
      ['tags', c.tags.join(', ')],
      ['metadata', pairs(c.metadata)],
      ['topics', pairs(c.topics)],
      ['ip', c.ip ?? ''],
      ['hostname', c.hostname ?? ''],
      [
        'certificate',
        c.certificate
          ? `${c.certificate.serial_number} (${c.certificate.status}, ${moment(c.certificate.not_before)} to ${moment(c.certificate.not_after)})`
          : 'none yet',
      ],
      ['created', moment(c.created_at)],
      ['updated', `${moment(c.updated_at)}${c.updated_by ? ` by ${c.updated_by}` : ''}`],
    ] as const,
  };
}

/** A verb that posts to one client and shows the client it answers with. */
function clientAction(
  word: string,
  summary: string,
  route: string,
  path: (id: string) => string,
  extra: Partial<Verb> = {},
  body?: (call: VerbCall) => unknown,
): Verb {
  return {
    words: ['clients', word],
    args: ID,
    summary,
    details: CLIENT_ARG,
    flags: {},
    routes: [route],
    ...extra,
    async run(call) {
      const id = await clientIdFor(call.api, call.args[0]);
      const c = (await call.api.call(route.split(' ')[0], path(segment(id)), { body: body?.(call) })) as ClientView;
      return { json: c, human: [{ fields: clientFields(c).fields }] };
    },
  };
}

export const CLIENT_VERBS: readonly Verb[] = [
  listVerb({
    words: ['clients', 'list'],
    summary: 'list clients, oldest first',
    filters: {
      name: { type: 'string', value: '<name>', help: 'only the client with this exact name' },
      tag: { type: 'string', value: '<tag>', help: 'only clients with this tag' },
      status: {
        type: 'string',
        value: '<status>',
        help: 'enabled, disabled or removed (default: enabled and disabled)',
      },
    },
    routes: ['GET /clients'],
    path: '/clients',
    columns: CLIENT_COLUMNS,
    row: clientRow,
  }),
  showVerb({
    words: ['clients', 'show'],
    args: ID,
    summary: 'show a client, now or as it was at a moment',
    details: CLIENT_ARG,
    at: atFlag('the client'),
    routes: ['GET /clients/{id}'],
    path: async ({ api, args }) => `/clients/${segment(await clientIdFor(api, args[0]))}`,
    show: (c: ClientView) => ({ fields: clientFields(c).fields }),
  }),
  {
    words: ['clients', 'certificates'],
    args: ID,
    summary: 'list every certificate a client ever held, oldest first',
    details: CLIENT_ARG,
    flags: {},
    routes: ['GET /clients/{id}/certificates'],
    async run({ api, args }) {
      const id = await clientIdFor(api, args[0]);
      const answer = (await api.call('GET', `/clients/${segment(id)}/certificates`)) as { items: CertificateView[] };
      return { json: answer, human: [table(CERTIFICATE_COLUMNS, answer.items.map(certificateRow))] };
    },
  },
  {
    words: ['clients', 'channels'],
    args: ID,
    summary: 'list the channels a client is connected to, with its connection types',
    details: CLIENT_ARG,
    flags: { ...TYPE_FILTER, ...PAGE_FLAGS },
    routes: ['GET /clients/{id}/channels'],
    async run({ api, args, flags }) {
      const id = await clientIdFor(api, args[0]);
      const query = { type: flag(flags, 'type'), ...pageQuery(flags) };
      return listPage(
        api,
        `/clients/${segment(id)}/channels`,
        query,
        ['ID', 'NAME', 'ROUTE', 'TAGS', 'TYPES'],
        (c: ChannelView & { types: string[] }) => [c.id, c.name, c.route ?? '', c.tags.join(','), c.types.join(',')],
      );
    },
  },
  eventsVerb({
    words: ['clients', 'events'],
    args: ID,
    summary: "a client's history: every event, who caused it and in which request",
    details: CLIENT_ARG,
    routes: ['GET /clients/{id}/events'],
    path: async ({ api, args }) => `/clients/${segment(await clientIdFor(api, args[0]))}/events`,
  }),
  {
    words: ['clients', 'create-bulk'],
    args: [],
    summary: 'create many clients at once from a JSON file: all of them or none',
    details: `--file holds a JSON array of 1-1000 clients, each {"name","tags"?,"metadata"?,"topics"?,"ip"?|"hostname"?}
as for POST /clients (no csr or certificate), e.g. [{"name":"meter-1","metadata":{"site":"north"}}].
One bad or taken item refuses them all with its own code and its position (clients[i]: …).
Each client's details secret (url) is printed once, here; certplane keeps only the client id made from it.`,
    flags: { file: { type: 'string', value: '<file>', help: 'the JSON array of clients (required)' } },
    routes: ['POST /clients/bulk'],
    async run({ api, flags }) {
      const file = flag(flags, 'file');
      if (file === undefined) throw new CliError('clients create-bulk needs --file <file>', EXIT.usage);
      const answer = (await api.call('POST', '/clients/bulk', { body: await jsonFile(file) })) as {
        clients: (ClientView & { url: string })[];
      };
      const rows = answer.clients.map((c) => [c.id, c.name, c.tags.join(','), pairs(c.metadata, ','), c.url]);
      return {
        json: answer,
        human: [
          table(['ID', 'NAME', 'TAGS', 'METADATA', 'DETAILS SECRET'], rows),
          'The details secrets are shown only this once.',
        ],
      };
    },
  },
  {
    words: ['clients', 'update'],
    args: ID,
    summary: "change a client's name, tags, ip or hostname",
    details: `${CLIENT_ARG} --tag replaces all tags; renames and SAN changes reach the next certificate issued.`,
    flags: {
      name: { type: 'string', value: '<name>', help: 'the new name' },
      tag: { type: 'strings', value: '<tag>', help: 'the tags, all of them (repeat the flag)' },
      ip: { type: 'string', value: '<address>', help: 'the IP address SAN' },
      hostname: { type: 'string', value: '<hostname>', help: 'the DNS name SAN' },
    },
    routes: ['PATCH /clients/{id}'],
    async run({ api, args, flags }) {
      const id = await clientIdFor(api, args[0]);
      const body = {
        name: flag(flags, 'name'),
        tags: flagList(flags, 'tag'),
        ip: flag(flags, 'ip'),
        hostname: flag(flags, 'hostname'),
      };
      const c = (await api.call('PATCH', `/clients/${segment(id)}`, { body })) as ClientView;
      return { json: c, human: [{ fields: clientFields(c).fields }] };
    },
  },
  clientAction(
    'disable',
    'disable a client: details refused at once, its certificates put on hold',
    'POST /clients/{id}/disable',
    (id) => `/clients/${id}/disable`,
  ),
  clientAction(
    'enable',
    'enable a client: a new certificate is issued',
    'POST /clients/{id}/enable',
    (id) => `/clients/${id}/enable`,
  ),
  clientAction(
    'renew',
    'renew the certificate (a new server key); the old one stays valid unless --revoke-old',
    'POST /clients/{id}/certificate/renew',
    (id) => `/clients/${id}/certificate/renew`,
    {
      flags: {
        'revoke-old': {
          type: 'boolean',
          help: 'revoke the older certificates as superseded once the new one is issued',
        },
      },
    },
    ({ flags }) => ({ revokeOld: flags['revoke-old'] === true }),
  ),
  {
    words: ['clients', 'delete'],
    args: ID,
    summary: 'delete a client: its name is freed, its certificates revoked; its history stays',
    details: CLIENT_ARG,
    flags: {},
    routes: ['DELETE /clients/{id}'],
    async run({ api, args }) {
      const id = await clientIdFor(api, args[0]);
      await api.call('DELETE', `/clients/${segment(id)}`);
      return { human: [`deleted client ${id}`] };
    },
  },
];
