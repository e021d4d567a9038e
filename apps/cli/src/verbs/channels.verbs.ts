import { isChannelId } from '@certplane/domain';
import { CertplaneApi } from '../certplane-api';
import { CliError, EXIT } from '../cli-error';
import { FlagValues } from '../command-line';
import { flag, flagList, Verb } from '../verb';
import type { ChannelView, PageOf } from '@certplane/api-contract';
import {
  listVerb,
  atFlag,
  clientIdFor,
  eventsVerb,
  keyValues,
  listPage,
  moment,
  PAGE_FLAGS,
  pageQuery,
  pairs,
  segment,
  showVerb,
  TYPE_FILTER,
} from './verb-parts';

interface ChannelClientView {
  client_id: string;
  name: string | null;
  types: string[];
  connected_at: string;
}

const ID = ['<id|name>'];
const CHANNEL_ARG = 'A channel is named by its id or by its name (the name must find exactly one live channel).';

const CHANNEL_COLUMNS = ['ID', 'NAME', 'ROUTE', 'TAGS', 'CREATED'];
const channelRow = (c: ChannelView) => [c.id, c.name, c.route ?? '', c.tags.join(','), moment(c.created_at)];

function channelFields(c: ChannelView) {
  return {
    fields: [
      ['id', c.id],
      ['name', c.name],
      ['route', c.route ?? ''],
      ['tags', c.tags.join(', ')],
      ['metadata', pairs(c.metadata)],
      ['created', moment(c.created_at)],
      ['updated', moment(c.updated_at)],
    ] as const,
  };
}

/** A channel named by its id, or by its name when exactly one live channel has it (names need not be unique). */
async function channelIdFor(api: CertplaneApi, idOrName: string): Promise<string> {
  if (isChannelId(idOrName)) return idOrName;
  const page = (await api.call('GET', '/channels', { query: { name: idOrName, limit: '2' } })) as PageOf<{
    id: string;
  }>;
  if (page.items.length === 0)
    throw new CliError(`no channel called ${JSON.stringify(idOrName)} (give its id for a deleted one)`);
  if (page.total > 1)
    throw new CliError(
      `${page.total} channels are called ${JSON.stringify(idOrName)}; give its id (certplane channels list --name ${JSON.stringify(idOrName)})`,
    );
  return page.items[0].id;
}

const CONNECTION_FLAGS = {
  client: { type: 'strings', value: '<id|name>', help: 'a client (repeat the flag for more, up to 1000)' },
  type: { type: 'strings', value: '<type>', help: 'publish or subscribe (repeat the flag for both)' },
} as const;

/** connect and disconnect: every --client with every --type, all or nothing; the API answers 204. */
function connection(word: 'connect' | 'disconnect', summary: string, details: string): Verb {
  return {
    words: ['channels', word],
    args: ID,
    summary,
    details: `${CHANNEL_ARG} ${details}`,
    flags: CONNECTION_FLAGS,
    routes: [`POST /channels/{id}/${word}`],
    async run({ api, args, flags }) {
      const id = await channelIdFor(api, args[0]);
      const clients = flagList(flags, 'client') ?? [];
      const types = flagList(flags, 'type') ?? [];
      const clientIds: string[] = [];
      for (const c of clients) clientIds.push(await clientIdFor(api, c));
      await api.call('POST', `/channels/${segment(id)}/${word}`, { body: { client_ids: clientIds, types } });
      const count = `${clientIds.length} client${clientIds.length === 1 ? '' : 's'}`;
      return {
        human: [`${word}ed ${count} ${word === 'connect' ? 'to' : 'from'} channel ${id} (${types.join(', ')})`],
      };
    },
  };
}

/** The body of create and update: only what was given, so update leaves the rest as it is. */
function channelBody(flags: FlagValues): Record<string, unknown> {
  const route = flag(flags, 'route');
  if (route !== undefined && flags['no-route'] === true)
    throw new CliError('give --route or --no-route, not both', EXIT.usage);
  return {
    name: flag(flags, 'name'),
    route: flags['no-route'] === true ? null : route,
    tags: flagList(flags, 'tag'),
    metadata: keyValues(flagList(flags, 'metadata'), 'metadata'),
  };
}

const FIELD_FLAGS = {
  route: { type: 'string', value: '<topic>', help: 'the topic the channel carries (unique among live channels)' },
  tag: { type: 'strings', value: '<tag>', help: 'a tag (repeat the flag for more)' },
  metadata: { type: 'strings', value: '<key=value>', help: 'metadata (repeat the flag for more)' },
} as const;

export const CHANNEL_VERBS: readonly Verb[] = [
  listVerb({
    words: ['channels', 'list'],
    summary: 'list channels, oldest first',
    filters: {
      name: { type: 'string', value: '<name>', help: 'only channels with this exact name' },
      tag: { type: 'string', value: '<tag>', help: 'only channels with this tag' },
      route: { type: 'string', value: '<topic>', help: 'only the channel with this route' },
    },
    routes: ['GET /channels'],
    path: '/channels',
    columns: CHANNEL_COLUMNS,
    row: channelRow,
  }),
  showVerb({
    words: ['channels', 'show'],
    args: ID,
    summary: 'show a channel, now or as it was at a moment',
    details: CHANNEL_ARG,
    at: atFlag('the channel'),
    routes: ['GET /channels/{id}'],
    path: async ({ api, args }) => `/channels/${segment(await channelIdFor(api, args[0]))}`,
    show: channelFields,
  }),
  eventsVerb({
    words: ['channels', 'events'],
    args: ID,
    summary: "a channel's history: every event, connections and disconnections included",
    details: CHANNEL_ARG,
    routes: ['GET /channels/{id}/events'],
    path: async ({ api, args }) => `/channels/${segment(await channelIdFor(api, args[0]))}/events`,
  }),
  {
    words: ['channels', 'create'],
    args: ['<name>'],
    summary: 'create a channel, with a route (a topic) or without',
    details:
      'A client connected to a channel with a route gets the role <channel name> on that topic in its details (docs/channels.md).',
    flags: FIELD_FLAGS,
    routes: ['POST /channels'],
    async run({ api, args, flags }) {
      const c = (await api.call('POST', '/channels', {
        body: { ...channelBody(flags), name: args[0] },
      })) as ChannelView;
      return { json: c, human: [channelFields(c)] };
    },
  },
  {
    words: ['channels', 'update'],
    args: ID,
    summary: "change a channel's name, route, tags or metadata",
    details: `${CHANNEL_ARG} --tag replaces all tags, --metadata all metadata; --no-route removes the route.`,
    flags: {
      name: { type: 'string', value: '<name>', help: 'the new name' },
      ...FIELD_FLAGS,
      'no-route': { type: 'boolean', help: 'remove the route: the channel carries no topic any more' },
    },
    routes: ['PATCH /channels/{id}'],
    async run({ api, args, flags }) {
      const body = channelBody(flags);
      const id = await channelIdFor(api, args[0]);
      const c = (await api.call('PATCH', `/channels/${segment(id)}`, { body })) as ChannelView;
      return { json: c, human: [channelFields(c)] };
    },
  },
  {
    words: ['channels', 'delete'],
    args: ID,
    summary: 'delete a channel: every client is disconnected, its route freed; its history stays',
    details: CHANNEL_ARG,
    flags: {},
    routes: ['DELETE /channels/{id}'],
    async run({ api, args }) {
      const id = await channelIdFor(api, args[0]);
      await api.call('DELETE', `/channels/${segment(id)}`);
      return { human: [`deleted channel ${id}`] };
    },
  },
  connection(
    'connect',
    'connect clients to a channel to publish, subscribe or both',
    'Every --client gets every --type; a pair connected already refuses them all (CONNECTION_ALREADY_EXISTS).',
  ),
  connection(
    'disconnect',
    'disconnect clients from a channel',
    'Every --client loses every --type; a pair not connected refuses them all (CONNECTION_NOT_FOUND).',
  ),
  {
    words: ['channels', 'clients'],
    args: ID,
    summary: 'list the clients connected to a channel, with their connection types',
    details: CHANNEL_ARG,
    flags: { ...TYPE_FILTER, ...PAGE_FLAGS },
    routes: ['GET /channels/{id}/clients'],
    async run({ api, args, flags }) {
      const id = await channelIdFor(api, args[0]);
      const query = { type: flag(flags, 'type'), ...pageQuery(flags) };
      return listPage(
        api,
        `/channels/${segment(id)}/clients`,
        query,
        ['ID', 'NAME', 'TYPES', 'CONNECTED'],
        (c: ChannelClientView) => [c.client_id, c.name ?? '', c.types.join(','), moment(c.connected_at)],
      );
    },
  },
];
