import { FastifyInstance } from 'fastify';
import { ClientRolesRepository } from '@certplane/event-store';
import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { loadConfig } from '@certplane/config';
import { AuthGuard } from '../../apps/api/src/auth/auth.guard';
import { Role, ROLES } from '../../apps/api/src/auth/principal';
import { routeHandlersByOperationId, RouteHandler } from '../../apps/api/src/openapi/route-security';
import { Harness, startCertplane } from '../support/certplane-harness';

/** The roles of clients, from the harness's store (set before the tests run). */
let clientRoles: ClientRolesRepository;

/** Whether the guard lets this caller (no principal: no credentials at all) through to the route. */
async function guardLets(route: RouteHandler, role: Role | undefined, ownClientParam?: string): Promise<boolean> {
  // Only public routes take a details secret, and those are judged without a principal.
  const clientId = 'c0ffee00-0000-4000-8000-000000000001';
  const params: Record<string, string> = ownClientParam ? { [ownClientParam]: clientId } : {};
  const req = {
    params,
    header: () => undefined,
    principal: role && { method: 'token', actor: 'x', roles: [role], clientId },
  };
  const ctx = {
    switchToHttp: () => ({ getRequest: () => req }),
    getHandler: () => route.handler,
    getClass: () => route.controller,
  } as unknown as ExecutionContext;
  const secrets = { apiTokens: [], encryptionKey: '', apiTokenGenerated: false };
  const noRateLimit = { count: async () => undefined } as never;
  const guard = new AuthGuard(
    new Reflector(),
    secrets,
    loadConfig({}),
    { info() {}, warn() {}, error() {}, debug() {} } as never,
    noRateLimit,
    clientRoles,
  );
  return guard.canActivate(ctx).then(
    () => true,
    () => false,
  );
}

/**
 * The OpenAPI document covers every route the api serves: each has a summary and a description,
 * at least one error response, and every response is described. A route added without its
 * documentation fails here.
 */
describe('operability: OpenAPI at /openapi.json and /docs', () => {
  let h: Harness;
  let doc: any;
  beforeAll(async () => {
    h = await startCertplane({ workers: [] });
    clientRoles = h.app.get(ClientRolesRepository);
    const r = await h.call('GET', '/openapi.json');
    expect(r.status).toBe(200);
    doc = r.body;
  });
  afterAll(() => h.stop());

  it('groups the operations in one tag per resource, each described, with no operation twice', () => {
    const resources = [
      'clients',
      'certificates',
      'enrolment-tokens',
      'profiles',
      'est',
      'information',
      'pki',
      'channels',
      'groups',
      'client-roles',
      'tunnels',
      'namespaces',
      'console',
      'operations',
    ];
    expect(doc.tags.map((t: { name: string }) => t.name)).toEqual(resources);
    for (const t of doc.tags) expect(t.description).toEqual(expect.any(String));
    for (const [path, ops] of Object.entries<Record<string, { tags?: string[] }>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect({ operation: `${method.toUpperCase()} ${path}`, tags: op.tags }).toEqual({
          operation: `${method.toUpperCase()} ${path}`,
          tags: [expect.any(String)],
        });
        expect(resources).toContain(op.tags![0]);
      }
    }
    expect(doc.paths['/certificates'].get.tags).toEqual(['certificates']);
  });

  /** Every route Nest registered on fastify, as "METHOD /openapi/{path}", read off fastify's printed route tree. */
  const servedRoutes = (): string[] => {
    const tree = (h.app.getHttpAdapter().getInstance() as FastifyInstance).printRoutes({ commonPrefix: false });
    const segments: string[] = [];
    const routes: string[] = [];
    for (const line of tree.split('\n')) {
      const m = /^([│├└─ ]*)(\S+)(?: \(([^)]+)\))?$/.exec(line);
      if (!m) continue;
      segments.length = m[1].length / 4 - 1;
      segments.push(m[2]);
      if (!m[3]) continue;
      const path = segments
        .join('')
        .replace(/:(\w+)/g, '{$1}')
        .replace(/\/?\*$/, '/{request}');
      for (const method of m[3].split(', ')) routes.push(`${method} ${path}`);
    }
    const own = /^(\/openapi\.json|\/docs(\/.*)?|\/console(\/.*)?)$/;
    return routes.filter((route) => !route.startsWith('HEAD ') && !own.test(route.split(' ')[1]));
  };
  const operations = (): Array<[string, any]> =>
    Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([m, op]) => [`${m.toUpperCase()} ${path}`, op] as [string, any]),
    );

  it('documents every route the api serves', () => {
    const documented = new Set(operations().map(([route]) => route));
    const missing = servedRoutes().filter((route) => !documented.has(route));
    expect(missing).toEqual([]);
    expect([...documented]).toEqual(
      expect.arrayContaining([
        'POST /clientcontroller/enrol',
        'POST /clientcontroller/leave',
        'GET /informationservice/details/{id}',
        'GET /health',
        'GET /health/ready',
        'GET /metrics',
      ]),
    );
  });

  it('gives every route a summary, a description, an error response, and a description for each response', () => {
    const problems = operations().flatMap(([route, op]) => {
      const found: string[] = [];
      if (!op.summary?.trim()) found.push(`${route}: no summary`);
      if (!op.description?.trim()) found.push(`${route}: no description`);
      const statuses = Object.keys(op.responses ?? {});
      if (!statuses.some((s) => Number(s) >= 400)) found.push(`${route}: no error response`);
      if (!statuses.some((s) => Number(s) < 400)) found.push(`${route}: no success response`);
      for (const s of statuses)
        if (!op.responses[s].description?.trim()) found.push(`${route}: response ${s} has no description`);
      return found;
    });
    expect(problems).toEqual([]);
  });

  it("lists each route's error codes, with an example body in the error shape for each", () => {
    const enrol = doc.paths['/clientcontroller/enrol'].post;
    expect(Object.keys(enrol.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '429',
      '500',
      '503',
    ]);
    const badRequest = enrol.responses['400'].content['application/json'];
    expect(badRequest.schema.$ref).toBe('#/components/schemas/ErrorResponseSchema');
    expect(Object.keys(badRequest.examples)).toEqual(
      expect.arrayContaining([
        'INVALID_JSON',
        'UNKNOWN_FIELD',
        'INVALID_NAME',
        'RESERVED_NAME',
        'INVALID_TOPICS',
        'PARAMETERS_NOT_APPROPRIATE',
      ]),
    );
    expect(badRequest.examples.INVALID_NAME.value).toEqual({
      statusCode: 400,
      code: 'INVALID_NAME',
      message: expect.any(String),
    });
    expect(enrol.responses['401'].headers['WWW-Authenticate']).toBeDefined();
    expect(Object.keys(enrol.responses['403'].content['application/json'].examples)).toEqual(['FORBIDDEN']);
    expect(Object.keys(enrol.responses['503'].content['application/json'].examples)).toEqual([
      'AUTHENTICATION_UNAVAILABLE',
    ]);
    expect(enrol.security).toEqual([{ bearer: [] }]);
    expect(enrol['x-certplane-roles']).toEqual(['admin', 'operator']);
    expect(enrol.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/EnrolClientRequestSchema',
    );

    const details = doc.paths['/informationservice/details/{id}'].get;
    expect(Object.keys(details.responses['404'].content['application/json'].examples)).toEqual(['CLIENT_NOT_FOUND']);
    expect(details.responses['503'].headers['Retry-After']).toBeDefined();
    expect(details.security).toEqual([]);
    expect(details['x-certplane-roles']).toEqual([]);
    expect(details['x-certplane-own-client']).toBe('id');
    expect(doc.paths['/health'].get.responses['200'].content).toHaveProperty(['application/health+json']);
  });

  it('declares bearer authentication (static token or OIDC JWT) and mutual TLS', () => {
    expect(doc.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      description: expect.stringMatching(/OIDC/),
    });
    expect(doc['x-certplane-mutual-tls'].description).toMatch(/CERTPLANE_TLS_PORT/);
  });

  it('documents on every route exactly the roles the auth guard lets through, and security [] on the public ones', async () => {
    const handlers = routeHandlersByOperationId(h.app);
    const differences: string[] = [];
    for (const [route, op] of operations()) {
      const handler = handlers.get(op.operationId);
      if (!handler) {
        differences.push(`${route}: no handler for operationId ${op.operationId}`);
        continue;
      }
      const isPublic = await guardLets(handler, undefined);
      const documented = op['x-certplane-roles'];
      if (isPublic) {
        if (JSON.stringify(op.security) !== '[]' || JSON.stringify(documented) !== '[]')
          differences.push(
            `${route}: public, documented ${JSON.stringify({ security: op.security, roles: documented })}`,
          );
        continue;
      }
      const enforced: Role[] = [];
      for (const role of ROLES) if (await guardLets(handler, role, op['x-certplane-own-client'])) enforced.push(role);
      if (JSON.stringify([...(documented ?? [])].sort()) !== JSON.stringify(enforced.sort()))
        differences.push(`${route}: documented ${JSON.stringify(documented)}, guard lets ${JSON.stringify(enforced)}`);
      if (JSON.stringify(op.security) !== JSON.stringify([{ bearer: [] }]))
        differences.push(`${route}: security ${JSON.stringify(op.security)}`);
    }
    expect(differences).toEqual([]);
  });

  it('serves an interactive page at /docs', async () => {
    const page = await h.call('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('swagger-ui');
    expect((await h.call('GET', '/docs/swagger-ui-bundle.js')).status).toBe(200);
  });
});
