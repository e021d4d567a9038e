import type { TunnelView } from '@certplane/api-contract';
import { CliError, EXIT } from '../cli-error';
import { FlagValues } from '../command-line';
import { flag, flagList, Verb } from '../verb';
import { moment, segment, table } from './verb-parts';

const NAMESPACE = {
  namespace: { type: 'string', value: '<namespace>', help: "the tunnel's namespace (required)" },
} as const;
const METRICS = {
  metrics: { type: 'boolean', help: 'add rx, tx (bytes/s) and TCP connections/s over the last 5 minutes' },
} as const;
const PORTS = { port: { type: 'strings', value: '<port>', help: 'a TCP port (repeat the flag for more)' } } as const;
const TOKEN_NOTE = 'Its authToken is printed once here; tunnels list and show leave it out.';

/** The token is the tunnel's credential: shown where the API hands out a new one, and nowhere else. */
type ShownTunnel = Omit<TunnelView, 'authToken'> & { authToken?: string };
const withoutToken = ({ authToken: _, ...t }: TunnelView): ShownTunnel => t;

const query = (flags: FlagValues) => ({
  namespace: flag(flags, 'namespace'),
  metrics: flags.metrics === true ? '1' : undefined,
});

function ports(flags: FlagValues): number[] | undefined {
  return flagList(flags, 'port')?.map((p) => {
    if (!/^\d{1,5}$/.test(p))
      throw new CliError(`--port takes a TCP port number, not ${JSON.stringify(p)}`, EXIT.usage);
    return Number(p);
  });
}

const tunnelRow = (t: ShownTunnel) => [
  t.namespace,
  t.name,
  t.tcpPorts.join(','),
  String(t.connectedClients),
  moment(t.created),
  ...(t.metrics ? [String(t.metrics.rx), String(t.metrics.tx), String(t.metrics.tcpConnectionRate)] : []),
];
const tunnelColumns = (metrics: boolean) => [
  'NAMESPACE',
  'NAME',
  'TCP PORTS',
  'CLIENTS',
  'CREATED',
  ...(metrics ? ['RX B/S', 'TX B/S', 'CONN/S'] : []),
];

function tunnelFields(t: ShownTunnel) {
  const fields: Array<[string, string]> = [
    ['name', t.name],
    ['namespace', t.namespace],
    ['tcp ports', t.tcpPorts.join(', ')],
    ['connected clients', String(t.connectedClients)],
    ['created', moment(t.created)],
  ];
  if (t.metrics)
    fields.push(
      ['rx', `${t.metrics.rx} B/s`],
      ['tx', `${t.metrics.tx} B/s`],
      ['connections', `${t.metrics.tcpConnectionRate}/s`],
    );
  if (t.authToken !== undefined) fields.push(['auth token', t.authToken]);
  return { fields };
}

export const TUNNEL_VERBS: readonly Verb[] = [
  {
    words: ['tunnels', 'list'],
    args: [],
    summary: 'list tunnels, by namespace and name',
    details: 'Their authTokens are left out.',
    flags: {
      namespace: { type: 'string', value: '<namespace>', help: 'only this namespace (default: all)' },
      ...METRICS,
    },
    routes: ['GET /v1/tunnels'],
    async run({ api, flags }) {
      const tunnels = ((await api.call('GET', '/v1/tunnels', { query: query(flags) })) as TunnelView[]).map(
        withoutToken,
      );
      return { json: tunnels, human: [table(tunnelColumns(flags.metrics === true), tunnels.map(tunnelRow))] };
    },
  },
  {
    words: ['tunnels', 'show'],
    args: ['<name>'],
    summary: 'show a tunnel',
    details: 'Its authToken is left out unless --show-token.',
    flags: { ...NAMESPACE, ...METRICS, 'show-token': { type: 'boolean', help: 'include its authToken' } },
    routes: ['GET /v1/tunnels/{name}'],
    async run({ api, args, flags }) {
      const t = (await api.call('GET', `/v1/tunnels/${segment(args[0])}`, { query: query(flags) })) as TunnelView;
      const shown = flags['show-token'] === true ? t : withoutToken(t);
      return { json: shown, human: [tunnelFields(shown)] };
    },
  },
  {
    words: ['tunnels', 'create'],
    args: ['<name>'],
    summary: 'create a tunnel in a namespace for some TCP ports',
    details: TOKEN_NOTE,
    flags: { ...NAMESPACE, ...PORTS },
    routes: ['POST /v1/tunnels'],
    async run({ api, args, flags }) {
      const t = (await api.call('POST', '/v1/tunnels', {
        body: { name: args[0], namespace: flag(flags, 'namespace'), tcpPorts: ports(flags) },
      })) as TunnelView;
      return { json: t, human: [tunnelFields(t)] };
    },
  },
  {
    words: ['tunnels', 'update'],
    args: ['<name>'],
    summary: "replace a tunnel's TCP ports",
    flags: { ...NAMESPACE, ...PORTS },
    routes: ['PUT /v1/tunnels'],
    async run({ api, args, flags }) {
      const t = withoutToken(
        (await api.call('PUT', '/v1/tunnels', {
          body: { name: args[0], namespace: flag(flags, 'namespace'), tcpPorts: ports(flags) },
        })) as TunnelView,
      );
      return { json: t, human: [tunnelFields(t)] };
    },
  },
  {
    words: ['tunnels', 'rotate-token'],
    args: ['<name>'],
    summary: 'give a tunnel a new authToken; the old one stops working',
    details: TOKEN_NOTE,
    flags: NAMESPACE,
    routes: ['POST /v1/tunnels/{name}/token/rotate'],
    async run({ api, args, flags }) {
      const t = (await api.call('POST', `/v1/tunnels/${segment(args[0])}/token/rotate`, {
        query: { namespace: flag(flags, 'namespace') },
      })) as TunnelView;
      return { json: t, human: [tunnelFields(t)] };
    },
  },
  {
    words: ['tunnels', 'delete'],
    args: ['<name>'],
    summary: 'delete a tunnel; its token is destroyed',
    flags: NAMESPACE,
    routes: ['DELETE /v1/tunnels/{name}'],
    async run({ api, args, flags }) {
      await api.call('DELETE', `/v1/tunnels/${segment(args[0])}`, { query: { namespace: flag(flags, 'namespace') } });
      return { human: [`deleted tunnel ${args[0]}`] };
    },
  },
];
