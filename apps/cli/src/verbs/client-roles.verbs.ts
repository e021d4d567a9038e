import type { ClientRoleView } from '@certplane/api-contract';
import { CertplaneApi } from '../certplane-api';
import { CliError, EXIT } from '../cli-error';
import { FlagValues } from '../command-line';
import { flagList, Verb } from '../verb';
import { atFlag, clientIdFor, eventsVerb, moment, readAt, segment, table } from './verb-parts';

const CLIENT_ROLE = ['<client>', '<role>'];
const ARGS = 'A client is named by its id or its name (a member without a global role must give the id).';
const AT_FLAG = atFlag();
const ACTION_FLAG = {
  action: {
    type: 'strings',
    value: '<action>',
    help: 'an action (repeat the flag for more; see clients roles actions-available)',
  },
} as const;
const MEMBER_FLAG = {
  member: {
    type: 'strings',
    value: '<member>',
    help: 'token:<name>, oidc:<subject> or certificate:<client id> (repeat the flag for more)',
  },
} as const;

const rolesPath = async (api: CertplaneApi, client: string) =>
  `/clients/${segment(await clientIdFor(api, client))}/roles`;

function roleFields(r: ClientRoleView) {
  return {
    fields: [
      ['name', r.name],
      ['client', r.client_id],
      ['actions', r.actions.join(', ')],
      ['members', r.members.join(', ')],
      ['created', moment(r.created_at)],
      ['updated', moment(r.updated_at)],
    ] as const,
  };
}

function given(flags: FlagValues, name: 'action' | 'member'): string[] {
  const values = flagList(flags, name) ?? [];
  if (values.length === 0 && flags.all !== true) throw new CliError(`give at least one --${name} or --all`, EXIT.usage);
  if (values.length > 0 && flags.all === true) throw new CliError(`give --${name} or --all, not both`, EXIT.usage);
  return values;
}

/** Removing actions or members: the ones named, or with --all every one (Magistrala's …/delete and …/delete-all). */
function removal(word: 'revoke' | 'remove-members', kind: 'actions' | 'members', summary: string): Verb {
  const single = kind === 'actions' ? 'action' : 'member';
  return {
    words: ['clients', 'roles', word],
    args: CLIENT_ROLE,
    summary,
    details: `${ARGS} What the role does not hold is left as it is.`,
    flags: {
      ...(kind === 'actions' ? ACTION_FLAG : MEMBER_FLAG),
      all: { type: 'boolean', help: `every ${single} of the role` },
    },
    routes: [`POST /clients/{id}/roles/{role}/${kind}/delete`, `POST /clients/{id}/roles/{role}/${kind}/delete-all`],
    async run({ api, args, flags }) {
      const values = given(flags, single);
      const base = `${await rolesPath(api, args[0])}/${segment(args[1])}/${kind}`;
      if (flags.all === true) await api.call('POST', `${base}/delete-all`);
      else await api.call('POST', `${base}/delete`, { body: { [kind]: values } });
      return { human: [`removed ${flags.all === true ? `every ${single}` : values.join(', ')} from role ${args[1]}`] };
    },
  };
}

export const CLIENT_ROLE_VERBS: readonly Verb[] = [
  {
    words: ['clients', 'roles', 'actions-available'],
    args: [],
    summary: 'the actions a client role can grant',
    details: 'docs/groups-and-roles.md says which routes each opens to a member.',
    flags: {},
    routes: ['GET /clients/roles/available-actions'],
    async run({ api }) {
      const answer = (await api.call('GET', '/clients/roles/available-actions')) as { available_actions: string[] };
      return { json: answer, human: answer.available_actions };
    },
  },
  {
    words: ['clients', 'roles', 'list'],
    args: ['<client>'],
    summary: "list a client's roles, now or as they were at a moment",
    details: ARGS,
    flags: AT_FLAG,
    routes: ['GET /clients/{id}/roles'],
    async run({ api, args, flags }) {
      const answer = (await readAt(api, await rolesPath(api, args[0]), flags)) as {
        roles: ClientRoleView[];
        total: number;
      };
      const rows = answer.roles.map((r) => [
        r.name,
        r.actions.join(','),
        String(r.members.length),
        moment(r.updated_at),
      ]);
      return { json: answer, human: [table(['NAME', 'ACTIONS', 'MEMBERS', 'UPDATED'], rows)] };
    },
  },
  {
    words: ['clients', 'roles', 'show'],
    args: CLIENT_ROLE,
    summary: 'show a role of a client, with its actions and members',
    details: ARGS,
    flags: AT_FLAG,
    routes: ['GET /clients/{id}/roles/{role}'],
    async run({ api, args, flags }) {
      const r = (await readAt(api, `${await rolesPath(api, args[0])}/${segment(args[1])}`, flags)) as ClientRoleView;
      return { json: r, human: [roleFields(r)] };
    },
  },
  {
    words: ['clients', 'roles', 'add'],
    args: CLIENT_ROLE,
    summary: 'add a role to a client: what its members may do to that client',
    details: `${ARGS} A member without a global role may then do exactly the role's actions on the client.`,
    flags: { ...ACTION_FLAG, ...MEMBER_FLAG },
    routes: ['POST /clients/{id}/roles'],
    async run({ api, args, flags }) {
      const r = (await api.call('POST', await rolesPath(api, args[0]), {
        body: { name: args[1], actions: flagList(flags, 'action') ?? [], members: flagList(flags, 'member') ?? [] },
      })) as ClientRoleView;
      return { json: r, human: [roleFields(r)] };
    },
  },
  {
    words: ['clients', 'roles', 'rename'],
    args: [...CLIENT_ROLE, '<new name>'],
    summary: 'rename a role; its actions and members stay',
    details: ARGS,
    flags: {},
    routes: ['PATCH /clients/{id}/roles/{role}'],
    async run({ api, args }) {
      const r = (await api.call('PATCH', `${await rolesPath(api, args[0])}/${segment(args[1])}`, {
        body: { name: args[2] },
      })) as ClientRoleView;
      return { json: r, human: [roleFields(r)] };
    },
  },
  {
    words: ['clients', 'roles', 'delete'],
    args: CLIENT_ROLE,
    summary: 'delete a role: its members lose what it granted at once',
    details: ARGS,
    flags: {},
    routes: ['DELETE /clients/{id}/roles/{role}'],
    async run({ api, args }) {
      await api.call('DELETE', `${await rolesPath(api, args[0])}/${segment(args[1])}`);
      return { human: [`deleted role ${args[1]}`] };
    },
  },
  {
    words: ['clients', 'roles', 'actions'],
    args: CLIENT_ROLE,
    summary: 'list the actions a role grants',
    details: ARGS,
    flags: AT_FLAG,
    routes: ['GET /clients/{id}/roles/{role}/actions'],
    async run({ api, args, flags }) {
      const answer = (await readAt(api, `${await rolesPath(api, args[0])}/${segment(args[1])}/actions`, flags)) as {
        actions: string[];
      };
      return { json: answer, human: answer.actions.length === 0 ? ['none'] : answer.actions };
    },
  },
  {
    words: ['clients', 'roles', 'grant'],
    args: CLIENT_ROLE,
    summary: 'add actions to a role',
    details: `${ARGS} What the role holds already is left as it is.`,
    flags: ACTION_FLAG,
    routes: ['POST /clients/{id}/roles/{role}/actions'],
    async run({ api, args, flags }) {
      const answer = (await api.call('POST', `${await rolesPath(api, args[0])}/${segment(args[1])}/actions`, {
        body: { actions: flagList(flags, 'action') ?? [] },
      })) as { actions: string[] };
      return { json: answer, human: [`role ${args[1]} grants ${answer.actions.join(', ')}`] };
    },
  },
  removal('revoke', 'actions', 'remove actions from a role (--all: every one)'),
  {
    words: ['clients', 'roles', 'members'],
    args: CLIENT_ROLE,
    summary: 'list the members of a role',
    details: ARGS,
    flags: AT_FLAG,
    routes: ['GET /clients/{id}/roles/{role}/members'],
    async run({ api, args, flags }) {
      const answer = (await readAt(api, `${await rolesPath(api, args[0])}/${segment(args[1])}/members`, flags)) as {
        members: string[];
      };
      return { json: answer, human: answer.members.length === 0 ? ['none'] : answer.members };
    },
  },
  {
    words: ['clients', 'roles', 'add-members'],
    args: CLIENT_ROLE,
    summary: 'add members to a role',
    details: `${ARGS} A member is named as events name their actor; who is a member already stays.`,
    flags: MEMBER_FLAG,
    routes: ['POST /clients/{id}/roles/{role}/members'],
    async run({ api, args, flags }) {
      const answer = (await api.call('POST', `${await rolesPath(api, args[0])}/${segment(args[1])}/members`, {
        body: { members: flagList(flags, 'member') ?? [] },
      })) as { members: string[] };
      return { json: answer, human: [`role ${args[1]}: ${answer.members.join(', ')}`] };
    },
  },
  removal('remove-members', 'members', 'remove members from a role (--all: every one)'),
  eventsVerb({
    words: ['clients', 'roles', 'events'],
    args: ['<client>'],
    summary: "the history of a client's roles: every grant and withdrawal, and who made it",
    details: ARGS,
    routes: ['GET /clients/{id}/role-events'],
    path: async ({ api, args }) => `/clients/${segment(await clientIdFor(api, args[0]))}/role-events`,
  }),
];
