import type { GroupView } from '@certplane/api-contract';
import { isGroupId } from '@certplane/domain';
import { CliError, EXIT } from '../cli-error';
import { flag, flagList, Verb } from '../verb';
import {
  listVerb,
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
} from './verb-parts';

interface ClientRowView {
  id: string;
  name: string;
  status: string;
}

const ID = ['<group id>'];
const GROUP_COLUMNS = ['ID', 'NAME', 'PARENT', 'CREATED'];
const groupRow = (g: GroupView) => [g.id, g.name, g.parent_id ?? '', moment(g.created_at)];

function groupFields(g: GroupView) {
  return {
    fields: [
      ['id', g.id],
      ['name', g.name],
      ['parent', g.parent_id ?? '(root)'],
      ['metadata', pairs(g.metadata)],
      ['created', moment(g.created_at)],
      ['updated', moment(g.updated_at)],
    ] as const,
  };
}

function groupId(value: string): string {
  if (!isGroupId(value)) throw new CliError(`${JSON.stringify(value)} is no group id (32 lowercase hex)`);
  return value;
}

/** children and subtree: a page of groups below one. */
function below(word: 'children' | 'subtree', summary: string): Verb {
  return {
    words: ['groups', word],
    args: ID,
    summary,
    flags: PAGE_FLAGS,
    routes: [`GET /groups/{id}/${word}`],
    async run({ api, args, flags }) {
      return listPage(api, `/groups/${segment(groupId(args[0]))}/${word}`, pageQuery(flags), GROUP_COLUMNS, groupRow);
    },
  };
}

export const GROUP_VERBS: readonly Verb[] = [
  listVerb({
    words: ['groups', 'list'],
    summary: 'list groups, oldest first',
    filters: { 'roots-only': { type: 'boolean', help: 'only the groups with no parent' } },
    query: ({ flags }) => ({ roots_only: flags['roots-only'] === true ? 'true' : undefined }),
    routes: ['GET /groups'],
    path: '/groups',
    columns: GROUP_COLUMNS,
    row: groupRow,
  }),
  showVerb({
    words: ['groups', 'show'],
    args: ID,
    summary: 'show a group, now or as it was at a moment',
    at: { at: { type: 'string', value: '<RFC 3339>', help: 'the group as it was then' } },
    routes: ['GET /groups/{id}'],
    path: async ({ args }) => `/groups/${segment(groupId(args[0]))}`,
    show: groupFields,
  }),
  eventsVerb({
    words: ['groups', 'events'],
    args: ID,
    summary: "a group's history: creation, moves, deletion",
    routes: ['GET /groups/{id}/events'],
    path: async ({ args }) => `/groups/${segment(groupId(args[0]))}/events`,
  }),
  {
    words: ['groups', 'create'],
    args: ['<name>'],
    summary: 'create a group, a root or under a parent',
    flags: {
      parent: { type: 'string', value: '<group id>', help: 'the live group it goes under' },
      metadata: { type: 'strings', value: '<key=value>', help: 'metadata (repeat the flag for more)' },
    },
    routes: ['POST /groups'],
    async run({ api, args, flags }) {
      const parent = flag(flags, 'parent');
      const g = (await api.call('POST', '/groups', {
        body: {
          name: args[0],
          parent_id: parent === undefined ? undefined : groupId(parent),
          metadata: keyValues(flagList(flags, 'metadata'), 'metadata'),
        },
      })) as GroupView;
      return { json: g, human: [groupFields(g)] };
    },
  },
  {
    words: ['groups', 'move'],
    args: ID,
    summary: 'move a group (and its subtree) under another, or make it a root',
    details: 'A parent that is the group or below it is refused (GROUP_CYCLE).',
    flags: {
      parent: { type: 'string', value: '<group id>', help: 'the new parent' },
      root: { type: 'boolean', help: 'no parent: the group becomes a root' },
    },
    routes: ['POST /groups/{id}/parent', 'DELETE /groups/{id}/parent'],
    async run({ api, args, flags }) {
      const id = segment(groupId(args[0]));
      const parent = flag(flags, 'parent');
      if ((parent === undefined) === (flags.root !== true))
        throw new CliError('give --parent or --root, one of them', EXIT.usage);
      const g = (
        parent === undefined
          ? await api.call('DELETE', `/groups/${id}/parent`)
          : await api.call('POST', `/groups/${id}/parent`, { body: { parent_group_id: groupId(parent) } })
      ) as GroupView;
      return { json: g, human: [groupFields(g)] };
    },
  },
  {
    words: ['groups', 'delete'],
    args: ID,
    summary: 'delete an empty group (no child groups, no live clients); its history stays',
    flags: {},
    routes: ['DELETE /groups/{id}'],
    async run({ api, args }) {
      await api.call('DELETE', `/groups/${segment(groupId(args[0]))}`);
      return { human: [`deleted group ${args[0]}`] };
    },
  },
  below('children', "list a group's child groups"),
  below('subtree', 'list every group below a group, at any depth'),
  {
    words: ['groups', 'clients'],
    args: ID,
    summary: 'list the live clients directly in a group',
    flags: PAGE_FLAGS,
    routes: ['GET /groups/{id}/clients'],
    async run({ api, args, flags }) {
      return listPage(
        api,
        `/groups/${segment(groupId(args[0]))}/clients`,
        pageQuery(flags),
        ['ID', 'NAME', 'STATUS'],
        (c: ClientRowView) => [c.id, c.name, c.status],
      );
    },
  },
  {
    words: ['clients', 'parent'],
    args: ['<id|name>'],
    summary: "set a client's parent group, or take it out of its group",
    flags: {
      group: { type: 'string', value: '<group id>', help: 'the group the client goes into' },
      none: { type: 'boolean', help: 'the client leaves its group' },
    },
    routes: ['POST /clients/{id}/parent', 'DELETE /clients/{id}/parent'],
    async run({ api, args, flags }) {
      const group = flag(flags, 'group');
      if ((group === undefined) === (flags.none !== true))
        throw new CliError('give --group or --none, one of them', EXIT.usage);
      const id = await clientIdFor(api, args[0]);
      if (group === undefined) await api.call('DELETE', `/clients/${segment(id)}/parent`);
      else await api.call('POST', `/clients/${segment(id)}/parent`, { body: { parent_group_id: groupId(group) } });
      return { human: [group === undefined ? `client ${id} is in no group` : `client ${id} is in group ${group}`] };
    },
  },
];
