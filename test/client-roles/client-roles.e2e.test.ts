import { randomBytes } from 'node:crypto';
import { Harness, startCertplane } from '../support/certplane-harness';
import { ERROR } from '../clients/client-fixtures';

jest.setTimeout(60_000);

const token = () => randomBytes(24).toString('base64url');
const ALICE = token();
const BOB = token();
const OPS = token();

describe('per-client roles, enforced beside the global roles (real Postgres and NATS)', () => {
  let h: Harness;
  const as = (t: string) => ({ authorization: `Bearer ${t}` });
  let admin: { authorization: string };
  beforeAll(async () => {
    h = await startCertplane({
      workers: [],
      env: { CERTPLANE_API_TOKENS: `alice:member:${ALICE},bob:member:${BOB},ops:operator:${OPS}` },
    });
    admin = as(h.token);
  });
  afterAll(() => h.stop());

  const newClient = async (name: string) => {
    const r = await h.call('POST', '/clients', { name }, admin);
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const newChannel = async (name: string) => {
    const r = await h.call('POST', '/channels', { name }, admin);
    expect(r.status).toBe(201);
    return r.body.id as string;
  };

  it("Magistrala's example: a member of a publisher role may connect that client as publisher and nothing else", async () => {
    const client = await newClient('role-sensor');
    const other = await newClient('role-other');
    const channel = await newChannel('role-temperature');
    const publish = { client_ids: [client], types: ['publish'] };

    const created = await h.call(
      'POST',
      `/clients/${client}/roles`,
      { name: 'publisher', actions: ['publish'], members: [] },
      admin,
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      name: 'publisher',
      client_id: client,
      actions: ['publish'],
      members: [],
      created_at: expect.any(String),
      updated_at: created.body.created_at,
    });

    // Not a member yet: a member token has no global role, so nothing passes.
    expect((await h.call('POST', `/channels/${channel}/connect`, publish, as(ALICE))).body).toEqual(
      ERROR(403, 'FORBIDDEN'),
    );
    const added = await h.call(
      'POST',
      `/clients/${client}/roles/publisher/members`,
      { members: ['token:alice'] },
      admin,
    );
    expect(added.status).toBe(200);
    expect(added.body).toEqual({ members: ['token:alice'] });

    expect((await h.call('POST', `/channels/${channel}/connect`, publish, as(ALICE))).status).toBe(204);
    const connected = await h.call('GET', `/clients/${client}/channels`, undefined, admin);
    expect(connected.status).toBe(200);

    // Nothing else: not subscribe, not another client, not the client's other routes, not another member.
    const before = await h.eventsSinceStart();
    const refused: [string, string, unknown?][] = [
      ['POST', `/channels/${channel}/connect`, { client_ids: [client], types: ['subscribe'] }],
      ['POST', `/channels/${channel}/connect`, { client_ids: [client], types: ['publish', 'subscribe'] }],
      ['POST', `/channels/${channel}/connect`, { client_ids: [client, other], types: ['publish'] }],
      ['POST', `/channels/${channel}/connect`, { client_ids: [other], types: ['publish'] }],
      ['POST', `/channels/${channel}/connect`, { client_ids: 'all', types: ['publish'] }],
      ['DELETE', `/clients/${client}`],
      ['GET', `/clients/${client}`],
      ['PATCH', `/clients/${client}`, { tags: ['x'] }],
      ['POST', `/clients/${client}/disable`],
      ['GET', `/clients/${client}/roles`],
      ['POST', `/clients/${client}/roles`, { name: 'mine', actions: ['delete'], members: ['token:alice'] }],
      ['POST', `/clients/${client}/roles/publisher/actions`, { actions: ['delete'] }],
      ['GET', '/clients'],
      ['POST', '/channels', { name: 'alices' }],
      ['DELETE', `/channels/${channel}`],
    ];
    for (const [method, path, body] of refused) {
      const r = await h.call(method, path, body, as(ALICE));
      expect({ method, path, body, answer: r.body }).toEqual({ method, path, body, answer: ERROR(403, 'FORBIDDEN') });
    }
    expect((await h.call('POST', `/channels/${channel}/connect`, publish, as(BOB))).body).toEqual(
      ERROR(403, 'FORBIDDEN'),
    );
    expect(await h.eventsSinceStart()).toBe(before);

    // What publish allows, it allows both ways: the member may disconnect the publisher too.
    expect((await h.call('POST', `/channels/${channel}/disconnect`, publish, as(ALICE))).status).toBe(204);

    // The operator-wide token still may do everything, roles or not.
    expect((await h.call('POST', `/channels/${channel}/connect`, publish, as(OPS))).status).toBe(204);
    expect((await h.call('GET', `/clients/${client}`, undefined, as(OPS))).status).toBe(200);

    // Out of the role, the member can do nothing again at once (the guard reads the store, not a read model).
    expect(
      (await h.call('POST', `/clients/${client}/roles/publisher/members/delete`, { members: ['token:alice'] }, admin))
        .status,
    ).toBe(204);
    expect((await h.call('POST', `/channels/${channel}/disconnect`, publish, as(ALICE))).body).toEqual(
      ERROR(403, 'FORBIDDEN'),
    );
  });

  it('grants each action its routes, connect_to_channel both types, and manage_role the roles themselves', async () => {
    const client = await newClient('role-managed');
    const channel = await newChannel('role-both');
    await h.call(
      'POST',
      `/clients/${client}/roles`,
      {
        name: 'keeper',
        actions: ['view', 'connect_to_channel', 'manage_role', 'view_role_users'],
        members: ['token:bob'],
      },
      admin,
    );
    expect((await h.call('GET', `/clients/${client}`, undefined, as(BOB))).status).toBe(200);
    expect((await h.call('GET', `/clients/${client}/events`, undefined, as(BOB))).status).toBe(200);
    expect(
      (
        await h.call(
          'POST',
          `/channels/${channel}/connect`,
          { client_ids: [client], types: ['publish', 'subscribe'] },
          as(BOB),
        )
      ).status,
    ).toBe(204);
    // manage_role: bob may add a role, but not members to it (add_role_users is another action).
    const role = await h.call('POST', `/clients/${client}/roles`, { name: 'deleter', actions: ['delete'] }, as(BOB));
    expect(role.status).toBe(201);
    expect((await h.call('GET', `/clients/${client}/roles`, undefined, as(BOB))).body.total).toBe(2);
    expect(
      (await h.call('POST', `/clients/${client}/roles/deleter/members`, { members: ['token:bob'] }, as(BOB))).body,
    ).toEqual(ERROR(403, 'FORBIDDEN'));
    expect((await h.call('DELETE', `/clients/${client}`, undefined, as(BOB))).body).toEqual(ERROR(403, 'FORBIDDEN'));
    await h.call('POST', `/clients/${client}/roles/deleter/members`, { members: ['token:bob'] }, admin);
    expect((await h.call('DELETE', `/clients/${client}`, undefined, as(BOB))).status).toBe(204);
    // A deleted client's roles grant nothing: its routes answer as for any unknown client.
    expect((await h.call('GET', `/clients/${client}`, undefined, as(BOB))).status).toBe(404);
    expect((await h.call('GET', `/clients/${client}/roles`, undefined, admin)).body).toEqual(
      ERROR(404, 'CLIENT_NOT_FOUND'),
    );
    // Nor do they change, nor show through a change: one that would record nothing, or names no role, is refused too.
    const afterDelete = await h.eventsSinceStart();
    const changes: [string, string, unknown?][] = [
      ['POST', `/clients/${client}/roles`, { name: 'late', actions: ['view'] }],
      ['PATCH', `/clients/${client}/roles/deleter`, { name: 'renamed' }],
      ['POST', `/clients/${client}/roles/deleter/actions`, { actions: ['view'] }],
      ['POST', `/clients/${client}/roles/deleter/members/delete-all`],
      ['DELETE', `/clients/${client}/roles/deleter`],
      ['PATCH', `/clients/${client}/roles/deleter`, { name: 'deleter' }],
      ['POST', `/clients/${client}/roles/deleter/actions`, { actions: ['delete'] }],
      ['POST', `/clients/${client}/roles/deleter/members/delete`, { members: ['token:nobody'] }],
      ['DELETE', `/clients/${client}/roles/never-had`],
    ];
    for (const [method, path, body] of changes) {
      const r = await h.call(method, path, body, admin);
      expect({ method, path, answer: r.body }).toEqual({ method, path, answer: ERROR(404, 'CLIENT_NOT_FOUND') });
    }
    expect(await h.eventsSinceStart()).toBe(afterDelete);
  });

  it('lists, gets, renames and deletes roles; adds, lists and deletes one or all actions and members; history and ?at=', async () => {
    const client = await newClient('role-crud');
    const base = `/clients/${client}/roles`;
    const available = await h.call('GET', '/clients/roles/available-actions', undefined, admin);
    expect(available.body.available_actions).toEqual(
      expect.arrayContaining(['view', 'publish', 'subscribe', 'delete']),
    );

    await h.call('POST', base, { name: 'viewer', actions: ['view'], members: ['oidc:user-1'] }, admin);
    const beforeChanges = new Date();
    await new Promise((r) => setTimeout(r, 20));
    expect((await h.call('POST', `${base}/viewer/actions`, { actions: ['update', 'view'] }, admin)).body).toEqual({
      actions: ['view', 'update'],
    });
    expect((await h.call('GET', `${base}/viewer/actions`, undefined, admin)).body).toEqual({
      actions: ['view', 'update'],
    });
    const member = `certificate:${client}`;
    expect((await h.call('POST', `${base}/viewer/members`, { members: [member] }, admin)).body).toEqual({
      members: ['oidc:user-1', member],
    });
    expect((await h.call('GET', `${base}/viewer/members`, undefined, admin)).body).toEqual({
      members: ['oidc:user-1', member],
    });
    // A repeat records nothing.
    const n = await h.eventsSinceStart();
    expect((await h.call('POST', `${base}/viewer/members`, { members: [member] }, admin)).status).toBe(200);
    expect(await h.eventsSinceStart()).toBe(n);

    const renamed = await h.call('PATCH', `${base}/viewer`, { name: 'watcher' }, admin);
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'watcher', actions: ['view', 'update'] });
    expect((await h.call('GET', `${base}/viewer`, undefined, admin)).body).toEqual(ERROR(404, 'ROLE_NOT_FOUND'));

    // ?at= folds the roles' stream up to that moment.
    const then = await h.call('GET', `${base}?at=${encodeURIComponent(beforeChanges.toISOString())}`, undefined, admin);
    expect(then.body.roles).toEqual([
      expect.objectContaining({ name: 'viewer', actions: ['view'], members: ['oidc:user-1'] }),
    ]);

    expect((await h.call('POST', `${base}/watcher/actions/delete`, { actions: ['update'] }, admin)).status).toBe(204);
    expect((await h.call('POST', `${base}/watcher/members/delete-all`, undefined, admin)).status).toBe(204);
    expect((await h.call('POST', `${base}/watcher/actions/delete-all`, undefined, admin)).status).toBe(204);
    expect((await h.call('GET', `${base}/watcher`, undefined, admin)).body).toMatchObject({ actions: [], members: [] });
    expect((await h.call('DELETE', `${base}/watcher`, undefined, admin)).status).toBe(204);
    expect((await h.call('GET', base, undefined, admin)).body).toEqual({ roles: [], total: 0 });

    const history = await h.call('GET', `/clients/${client}/role-events`, undefined, admin);
    expect(history.body.events.map((e: any) => e.type)).toEqual([
      'ClientRoleAdded',
      'ClientRoleActionsAdded',
      'ClientRoleMembersAdded',
      'ClientRoleRenamed',
      'ClientRoleActionsRemoved',
      'ClientRoleMembersRemoved',
      'ClientRoleActionsRemoved',
      'ClientRoleRemoved',
    ]);
    expect(history.body.events[0].metadata.actor).toBe('token:default');
  });

  it('refuses bad input with a stable 4xx and records nothing', async () => {
    const client = await newClient('role-bad');
    const base = `/clients/${client}/roles`;
    await h.call('POST', base, { name: 'taken', actions: ['view'] }, admin);
    const unknownClient = 'f'.repeat(32);
    const cases: [string, string, unknown, number, string][] = [
      ['POST', base, { name: 'x', actions: ['fly'] }, 400, 'UNKNOWN_ACTION'],
      ['POST', base, { name: 'x', actions: ['view', 'view'] }, 400, 'INVALID_ROLE'],
      ['POST', base, { name: 'Bad Name' }, 400, 'INVALID_ROLE'],
      ['POST', base, { name: 'x', members: ['alice'] }, 400, 'INVALID_ROLE'],
      ['POST', base, { name: 'x', actions: null }, 400, 'INVALID_ROLE'],
      ['POST', base, { name: 'x', members: null }, 400, 'INVALID_ROLE'],
      ['POST', base, { name: 'x', members: ['certificate:nothex'] }, 400, 'INVALID_ROLE'],
      ['POST', base, { name: 'x', extra: 1 }, 400, 'UNKNOWN_FIELD'],
      ['POST', base, { name: 'taken' }, 409, 'ROLE_ALREADY_EXISTS'],
      ['POST', `/clients/${unknownClient}/roles`, { name: 'x' }, 404, 'CLIENT_NOT_FOUND'],
      ['POST', `${base}/taken/actions`, { actions: [] }, 400, 'INVALID_ROLE'],
      ['POST', `${base}/taken/actions`, { actions: ['view', 'teleport'] }, 400, 'UNKNOWN_ACTION'],
      ['POST', `${base}/nope/actions`, { actions: ['view'] }, 404, 'ROLE_NOT_FOUND'],
      ['POST', `${base}/taken/members`, { members: [] }, 400, 'INVALID_ROLE'],
      ['PATCH', `${base}/taken`, { name: 'taken!' }, 400, 'INVALID_ROLE'],
      ['DELETE', `${base}/nope`, undefined, 404, 'ROLE_NOT_FOUND'],
      ['GET', `${base}?at=yesterday`, undefined, 400, 'INVALID_QUERY'],
    ];
    const before = await h.eventsSinceStart();
    for (const [method, path, body, status, code] of cases) {
      const r = await h.call(method, path, body, admin);
      expect({ method, path, body, answer: r.body }).toEqual({ method, path, body, answer: ERROR(status, code) });
    }
    expect(await h.eventsSinceStart()).toBe(before);
  });
});
