import { ClientRoles } from '@certplane/domain';
import { ClientRolesRepository } from '@certplane/event-store';
import { Controller, ExecutionContext, Get, RequestMethod } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { loadConfig } from '@certplane/config';
import { clientIdForDetailsSecret, newDetailsSecret } from '@certplane/domain';
import { MetricsHttpController } from '@certplane/observability';
import { toErrorResponse } from '../http/error-response';
import { ApiModule } from '../api.module';
import { RequestRateLimiter } from '../abuse/request-rate-limiter';
import { RateLimitedError } from '../abuse/rate-limited.error';
import { AuthGuard } from './auth.guard';
import { Principal } from './principal';

/** No client has roles here: a principal without a global role passes nowhere (member access is tested end to end). */
const noClientRoles = {
  load: async (id: string) => ClientRoles.fromHistory(id, []),
} as unknown as ClientRolesRepository;

const ADMIN_TOKEN = 'a'.repeat(32);
const OPERATOR_TOKEN = 'o'.repeat(32);
const MEMBER_TOKEN = 'member-token-' + 'm'.repeat(24);

// The access policy, written out: a change to any route's access fails this test until it is here too.
const PUBLIC = new Set([
  'GET /health',
  'GET /health/ready',
  'GET /metrics',
  'GET /informationservice/details/:id',
  'GET /pki/ca',
  'GET /pki/crl',
  'GET /pki/issuers/:id/crl',
  'GET /pki/issuers/:id/certificate',
  'POST /pki/ocsp',
  'GET /pki/ocsp/*request',
  // The enrolment token (or, for simplereenroll, the client certificate) is the credential, checked by the handler.
  'POST /enrol',
  'GET /.well-known/est/cacerts',
  'GET /.well-known/est/csrattrs',
  'POST /.well-known/est/simpleenroll',
  'POST /.well-known/est/simplereenroll',
  'GET /.well-known/est/:label/cacerts',
  'GET /.well-known/est/:label/csrattrs',
  'POST /.well-known/est/:label/simpleenroll',
  'POST /.well-known/est/:label/simplereenroll',
  // The console's sign-in settings (an issuer and a public client id), read before anyone is signed in.
  'GET /console-settings',
]);
/** Routes a client certificate may call for its own client. */
const OWN_CLIENT = new Set([
  'GET /clients/:id',
  'POST /clients/:id/certificate/renew',
  'GET /informationservice/details/:id',
]);

interface Route {
  name: string;
  cls: object;
  handler: object;
}

/** Every route of the api, read from the modules as Nest reads them. */
function routes(): Route[] {
  const controllers = new Set<new (...a: never[]) => object>([MetricsHttpController]);
  const visit = (mod: object) => {
    for (const c of Reflect.getMetadata('controllers', mod) ?? []) controllers.add(c);
    for (const m of Reflect.getMetadata('imports', mod) ?? []) if (typeof m === 'function') visit(m);
  };
  visit(ApiModule);
  return [...controllers].flatMap((cls) => {
    const base = String(Reflect.getMetadata('path', cls) ?? '');
    return Object.getOwnPropertyNames(cls.prototype)
      .map((key) => cls.prototype[key as keyof typeof cls.prototype] as object)
      .filter((handler) => typeof handler === 'function' && Reflect.getMetadata('method', handler) !== undefined)
      .map((handler) => {
        const sub = String(Reflect.getMetadata('path', handler) ?? '');
        const path = `/${base}${sub && sub !== '/' ? `/${sub}` : ''}`.replace(/\/+/g, '/');
        return { name: `${RequestMethod[Reflect.getMetadata('method', handler) as number]} ${path}`, cls, handler };
      });
  });
}

/** Stands in for the identity rate limit: records the requests the guard hands it. */
const counted: unknown[] = [];
const limiter = {
  count: async (ctx: ExecutionContext) => void counted.push(ctx.switchToHttp().getRequest()),
} as unknown as RequestRateLimiter;

function guard(): AuthGuard {
  const secrets = {
    apiTokens: [
      { name: 'default', role: 'admin' as const, token: ADMIN_TOKEN },
      { name: 'ops', role: 'operator' as const, token: OPERATOR_TOKEN },
      { name: 'alice', role: 'member' as const, token: MEMBER_TOKEN },
    ],
    encryptionKey: '',
    apiTokenGenerated: false,
  };
  return new AuthGuard(
    new Reflector(),
    secrets,
    loadConfig({}),
    { info() {}, warn() {}, error() {}, debug() {} },
    limiter,
    noClientRoles,
  );
}

type Caller = { authorization?: string; principal?: Principal };

/** The status the guard answers a call with: 200 when it lets the call through. */
async function decide(route: Route, caller: Caller, params: Record<string, string> = {}): Promise<number> {
  const req = {
    params,
    principal: caller.principal,
    headers: { authorization: caller.authorization },
  };
  const ctx = {
    switchToHttp: () => ({ getRequest: () => req }),
    getHandler: () => route.handler,
    getClass: () => route.cls,
  } as unknown as ExecutionContext;
  try {
    await guard().canActivate(ctx);
    return 200;
  } catch (e) {
    return toErrorResponse(e).body.statusCode;
  }
}

const secret = newDetailsSecret();
const ownId = clientIdForDetailsSecret(secret);
const certificate = (): Principal => ({
  method: 'certificate',
  actor: `certificate:${ownId}`,
  roles: ['client'],
  clientId: ownId,
  clientName: 'edge-1',
  serialNumber: '0a1b',
});
/** What a route's :id is for the certificate's own client: the details secret on details, the client id elsewhere. */
const ownParams = (name: string) => ({ id: name.startsWith('GET /informationservice') ? secret : ownId });
const otherParams = (name: string) => ({
  id: name.startsWith('GET /informationservice') ? newDetailsSecret() : clientIdForDetailsSecret(newDetailsSecret()),
});

/** Routes that change what certificates certplane vouches for: admins only (no @Roles). */
const ADMIN_ONLY = new Set([
  'POST /profiles',
  'PUT /profiles/:name',
  'PATCH /profiles/:name',
  'DELETE /profiles/:name',
  'POST /pki/issuers',
  'PUT /pki/issuers/:id/certificate',
  'POST /pki/issuers/:id/activate',
]);

describe('AuthGuard role matrix (every route of the api)', () => {
  const all = routes();

  it('finds the routes', () => {
    expect(all.length).toBeGreaterThan(25);
    expect(all.map((r) => r.name)).toEqual(expect.arrayContaining([...PUBLIC, ...OWN_CLIENT]));
  });

  it.each(all.map((r) => [r.name, r] as const))('%s', async (name, route) => {
    const open = PUBLIC.has(name);
    expect(await decide(route, {})).toBe(open ? 200 : 401);
    expect(await decide(route, { authorization: `Bearer ${ADMIN_TOKEN}` })).toBe(200);
    expect(await decide(route, { authorization: `Bearer ${OPERATOR_TOKEN}` })).toBe(ADMIN_ONLY.has(name) ? 403 : 200);
    expect(await decide(route, { authorization: `Bearer ${OPERATOR_TOKEN}x` })).toBe(open ? 200 : 401);
    // A member token with no client role anywhere: known, but allowed nothing.
    expect(await decide(route, { authorization: `Bearer ${MEMBER_TOKEN}` }, otherParams(name))).toBe(open ? 200 : 403);
    // A valid OIDC token whose claim names no certplane role: known, but allowed nothing.
    expect(await decide(route, { principal: { method: 'oidc', actor: 'oidc:nobody', roles: [] } })).toBe(
      open ? 200 : 403,
    );
    expect(await decide(route, { principal: certificate() }, ownParams(name))).toBe(
      open || OWN_CLIENT.has(name) ? 200 : 403,
    );
    expect(await decide(route, { principal: certificate() }, otherParams(name))).toBe(
      OWN_CLIENT.has(name) ? 403 : open ? 200 : 403,
    );
  });
});

describe('AuthGuard', () => {
  @Controller('ca-settings')
  class NoAccessDeclared {
    @Get()
    read() {}
  }
  const route = { name: 'GET /ca-settings', cls: NoAccessDeclared, handler: NoAccessDeclared.prototype.read };

  it('leaves a route that declares no access to admin only', async () => {
    expect(await decide(route, { authorization: `Bearer ${ADMIN_TOKEN}` })).toBe(200);
    expect(await decide(route, { authorization: `Bearer ${OPERATOR_TOKEN}` })).toBe(403);
    expect(await decide(route, { principal: certificate() }, { id: ownId })).toBe(403);
  });

  it('takes a principal already set by the certificate middleware without asking for a token', async () => {
    const req: { principal?: Principal; params: object; headers: Record<string, string> } = {
      principal: certificate(),
      params: { id: ownId },
      headers: {},
    };
    const [own] = routes().filter((r) => r.name === 'GET /clients/:id');
    const ctx = {
      switchToHttp: () => ({ getRequest: () => req }),
      getHandler: () => own.handler,
      getClass: () => own.cls,
    } as unknown as ExecutionContext;
    await expect(guard().canActivate(ctx)).resolves.toBe(true);
    expect(req.principal?.actor).toBe(`certificate:${ownId}`);
  });

  it('sets the principal of a static token, named, never carrying the token', async () => {
    const req: { principal?: Principal; params: object; headers: Record<string, string> } = {
      params: {},
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    };
    const [list] = routes().filter((r) => r.name === 'GET /clients');
    const ctx = {
      switchToHttp: () => ({ getRequest: () => req }),
      getHandler: () => list.handler,
      getClass: () => list.cls,
    } as unknown as ExecutionContext;
    await guard().canActivate(ctx);
    expect(req.principal).toEqual({ method: 'token', actor: 'token:ops', roles: ['operator'] });
    expect(JSON.stringify(req.principal)).not.toContain(OPERATOR_TOKEN);
  });

  it('counts towards the rate limit only the requests it lets through, and refuses those over it', async () => {
    const [list] = routes().filter((r) => r.name === 'GET /clients');
    counted.length = 0;
    expect(await decide(list, { authorization: `Bearer ${OPERATOR_TOKEN}x` })).toBe(401);
    expect(counted).toHaveLength(0);
    expect(await decide(list, { authorization: `Bearer ${OPERATOR_TOKEN}` })).toBe(200);
    expect(counted).toHaveLength(1);
    const overLimit = { count: async () => Promise.reject(new RateLimitedError(30)) } as unknown as RequestRateLimiter;
    const limited = new AuthGuard(
      new Reflector(),
      {
        apiTokens: [{ name: 'ops', role: 'operator', token: OPERATOR_TOKEN }],
        encryptionKey: '',
        apiTokenGenerated: false,
      },
      loadConfig({}),
      { info() {}, warn() {}, error() {}, debug() {} },
      overLimit,
      noClientRoles,
    );
    const req = { params: {}, headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } };
    const ctx = {
      switchToHttp: () => ({ getRequest: () => req }),
      getHandler: () => list.handler,
      getClass: () => list.cls,
    } as unknown as ExecutionContext;
    await expect(limited.canActivate(ctx)).rejects.toBeInstanceOf(RateLimitedError);
  });
});
