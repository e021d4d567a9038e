import type { NamespaceView } from '@certplane/api-contract';
import { flagList, Verb } from '../verb';
import { keyValues, moment, segment, table } from './verb-parts';

const pairs = (o: Record<string, string>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

export const NAMESPACE_VERBS: readonly Verb[] = [
  {
    words: ['namespaces', 'list'],
    args: [],
    summary: 'list the namespaces certplane manages',
    flags: {},
    routes: ['GET /v1/namespace'],
    async run({ api }) {
      const namespaces = (await api.call('GET', '/v1/namespace')) as NamespaceView[];
      return {
        json: namespaces,
        human: [
          table(
            ['NAME', 'LABELS', 'ANNOTATIONS', 'CREATED'],
            namespaces.map((n) => [n.name, pairs(n.labels), pairs(n.annotations), moment(n.created)]),
          ),
        ],
      };
    },
  },
  {
    words: ['namespaces', 'create'],
    args: ['<name>'],
    summary: 'create a namespace (certplane.io/uplink=1 is always among its labels)',
    flags: {
      label: { type: 'strings', value: '<key=value>', help: 'a label (repeat the flag for more)' },
      annotation: { type: 'strings', value: '<key=value>', help: 'an annotation (repeat the flag for more)' },
    },
    routes: ['POST /v1/namespace'],
    async run({ api, args, flags }) {
      const body = {
        name: args[0],
        labels: keyValues(flagList(flags, 'label'), 'label'),
        annotations: keyValues(flagList(flags, 'annotation'), 'annotation'),
      };
      const n = (await api.call('POST', '/v1/namespace', { body })) as NamespaceView;
      return {
        json: n,
        human: [
          {
            fields: [
              ['name', n.name],
              ['labels', pairs(n.labels)],
              ['annotations', pairs(n.annotations)],
              ['created', moment(n.created)],
            ],
          },
        ],
      };
    },
  },
  {
    words: ['namespaces', 'delete'],
    args: ['<name>'],
    summary: 'delete a namespace; refused while it has tunnels, unless --cascade',
    flags: { cascade: { type: 'boolean', help: 'delete its tunnels first' } },
    routes: ['DELETE /v1/namespace/{name}'],
    async run({ api, args, flags }) {
      await api.call('DELETE', `/v1/namespace/${segment(args[0])}`, {
        query: { cascade: flags.cascade === true ? 'true' : undefined },
      });
      return { human: [`deleted namespace ${args[0]}`] };
    },
  },
];
