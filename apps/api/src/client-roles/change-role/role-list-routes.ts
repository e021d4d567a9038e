import { Body, HttpCode, Param, Post, Req } from '@nestjs/common';
import { PARAMTYPES_METADATA } from '@nestjs/common/constants';
import { FastifyRequest } from 'fastify';
import { ClientAction, ClientRoles, DomainEvent } from '@certplane/domain';
import { ClientRoute } from '../../clients/client-api-docs';
import { readBody } from '../../http/request-body';
import { MemberMay } from '../../auth/access.decorators';
import { CLIENT_ROLE_ERRORS } from '../client-role-api-docs';
import { assertRoleNameParam } from '../role-name-param';

export const WRITE_ERRORS = [
  ...CLIENT_ROLE_ERRORS.body,
  ...CLIENT_ROLE_ERRORS.fields,
  ...CLIENT_ROLE_ERRORS.role,
] as const;
const REPEAT = 'What the role holds already (or, removing, does not hold) is left as it is: a repeat records nothing.';

type Decide = (roles: ClientRoles, name: string, value: unknown) => DomainEvent[];

/**
 * A list a role holds, served by three routes alike but for the list: add some (answering the list
 * after), remove some, remove all. `value` undefined to `remove` means every entry.
 */
export interface RoleList {
  list: 'actions' | 'members';
  one: 'action' | 'member';
  /** Method names stay those of the written routes, so operationIds do not change. */
  methods: { add: string; remove: string; removeAll: string };
  mayAdd: ClientAction;
  mayRemove: ClientAction;
  addBody: string;
  emptied: string;
  add: Decide;
  remove: Decide;
}

export const ROLE_LISTS: readonly RoleList[] = [
  {
    list: 'actions',
    one: 'action',
    methods: { add: 'addActions', remove: 'removeActions', removeAll: 'removeAllActions' },
    mayAdd: 'manage_role',
    mayRemove: 'manage_role',
    addBody: 'Body {"actions":[1 or more actions]}; answers {"actions"} the role holds after.',
    emptied: 'The role stays, granting nothing, with its members.',
    add: (r, name, value) => r.addActions(name, value),
    remove: (r, name, value) => r.removeActions(name, value),
  },
  {
    list: 'members',
    one: 'member',
    methods: { add: 'addMembers', remove: 'removeMembers', removeAll: 'removeAllMembers' },
    mayAdd: 'add_role_users',
    mayRemove: 'remove_role_users',
    addBody:
      'Body {"members":[1-1000 of token:<name>, oidc:<subject>, certificate:<client id>]}; answers {"members"} after.',
    emptied: 'The role stays, with its actions and no members.',
    add: (r, name, value) => r.addMembers(name, value),
    remove: (r, name, value) => r.removeMembers(name, value),
  },
];

/** The controller the routes join: its one way to change a client's roles. */
interface RoleChanger {
  change(id: string, req: FastifyRequest, decide: (roles: ClientRoles) => DomainEvent[]): Promise<ClientRoles>;
}

type Route = (this: RoleChanger, id: string, role: string, req: FastifyRequest, body?: unknown) => Promise<unknown>;

/** Adds the three routes of `list` to the controller, decorated as a written route would be. */
export function defineRoleListRoutes(controller: { prototype: RoleChanger }, list: RoleList): void {
  const { list: field } = list;
  const value = (body: unknown): unknown => readBody(body, [field] as const)[field] ?? null;
  define(controller.prototype, list.methods.add, {
    route: ClientRoute({
      tag: 'client-roles',
      summary: `Add ${field} to a role`,
      description: `${list.addBody} ${REPEAT}`,
      success: { status: 200, description: `the role's ${field}` },
      errors: WRITE_ERRORS,
    }),
    path: `:id/roles/:role/${field}`,
    may: list.mayAdd,
    status: 200,
    body: true,
    handler: async function (id, role, req, body) {
      const name = assertRoleNameParam(role);
      const entries = value(body);
      const after = await this.change(id, req, (r) => list.add(r, name, entries));
      return { [field]: [...after.role(name)[field]] };
    },
  });
  define(controller.prototype, list.methods.remove, {
    route: ClientRoute({
      tag: 'client-roles',
      summary: `Remove ${field} from a role`,
      description: `Body {"${field}":[1 or more ${field}]}. ${REPEAT}`,
      success: { status: 204, description: 'removed' },
      errors: WRITE_ERRORS,
    }),
    path: `:id/roles/:role/${field}/delete`,
    may: list.mayRemove,
    status: 204,
    body: true,
    handler: async function (id, role, req, body) {
      const name = assertRoleNameParam(role);
      const entries = value(body);
      await this.change(id, req, (r) => list.remove(r, name, entries));
    },
  });
  define(controller.prototype, list.methods.removeAll, {
    route: ClientRoute({
      tag: 'client-roles',
      summary: `Remove every ${list.one} of a role`,
      description: list.emptied,
      success: { status: 204, description: 'removed' },
      errors: CLIENT_ROLE_ERRORS.role,
    }),
    path: `:id/roles/:role/${field}/delete-all`,
    may: list.mayRemove,
    status: 204,
    body: false,
    handler: async function (id, role, req) {
      const name = assertRoleNameParam(role);
      await this.change(id, req, (r) => list.remove(r, name, undefined));
    },
  });
}

function define(
  proto: RoleChanger,
  method: string,
  spec: { route: MethodDecorator; path: string; may: ClientAction; status: number; body: boolean; handler: Route },
): void {
  // @nestjs/swagger names the operation and finds its metadata by the function's own name.
  Object.defineProperty(spec.handler, 'name', { value: method });
  const descriptor: PropertyDescriptor = { value: spec.handler, writable: true, configurable: true };
  Object.defineProperty(proto, method, descriptor);
  for (const decorate of [spec.route, Post(spec.path), MemberMay(spec.may), HttpCode(spec.status)])
    decorate(proto, method, descriptor);
  // Last parameter first, as tsc applies them: swagger lists path parameters in that order.
  if (spec.body) Body()(proto, method, 3);
  Req()(proto, method, 2);
  Param('role')(proto, method, 1);
  Param('id')(proto, method, 0);
  // What tsc would emit for (id: string, role: string, req: FastifyRequest, body: unknown); @nestjs/swagger reads it.
  Reflect.defineMetadata(
    PARAMTYPES_METADATA,
    [String, String, Object, Object].slice(0, spec.body ? 4 : 3),
    proto,
    method,
  );
}
