import { randomBytes } from 'node:crypto';
import { Projector, rebuildProjections } from '@certplane/projections';
import { eventually, Harness, startCertplane } from '../support/certplane-harness';
import { ERROR } from '../clients/client-fixtures';

jest.setTimeout(120_000);

const MEMBER = randomBytes(24).toString('base64url');

describe('groups: a hierarchy of groups and the clients in them (real Postgres and NATS)', () => {
  let h: Harness;
  let admin: { authorization: string };
  const member = { authorization: `Bearer ${MEMBER}` };
  beforeAll(async () => {
    h = await startCertplane({ workers: ['projector'], env: { CERTPLANE_API_TOKENS: `carol:member:${MEMBER}` } });
    admin = { authorization: `Bearer ${h.token}` };
  });
  afterAll(() => h.stop());

  const call = (method: string, path: string, body?: unknown) => h.call(method, path, body, admin);
  const group = async (name: string, parent_id?: string) => {
    const r = await call('POST', '/groups', { name, ...(parent_id ? { parent_id } : {}) });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const client = async (name: string) => {
    const r = await call('POST', '/clients', { name });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  /** Waits for a list to show exactly these ids (the read model follows the store by a moment). */
  const listed = (path: string, ids: string[]) =>
    eventually(
      async () => {
        const r = await call('GET', path);
        const got = (r.body.items ?? []).map((i: { id: string }) => i.id).sort();
        return JSON.stringify(got) === JSON.stringify([...ids].sort()) ? r.body : undefined;
      },
      10_000,
      `${path} lists ${ids.join(',')}`,
    );

  it('builds a tree, lists children, subtree and clients, moves groups and clients, with history and ?at=', async () => {
    const root = await group('site');
    const floor = await group('floor-1', root);
    const room = await group('room-101', floor);
    const other = await group('site-2');
    expect((await call('GET', `/groups/${room}`)).body).toMatchObject({ name: 'room-101', parent_id: floor });

    await listed(`/groups/${root}/children`, [floor]);
    await listed(`/groups/${root}/subtree`, [floor, room]);
    await listed(`/groups?roots_only=true`, [root, other]);

    const sensor = await client('grp-sensor');
    expect((await call('POST', `/clients/${sensor}/parent`, { parent_group_id: room })).status).toBe(204);
    await listed(`/groups/${room}/clients`, [sensor]);
    await listed(`/clients?group=${room}`, [sensor]);
    expect((await call('GET', `/clients/${sensor}`)).body.parent_group_id).toBe(room);
    const inList = await call('GET', `/clients?group=${room}`);
    expect(inList.body.items[0].parent_group_id).toBe(room);

    // Move the floor (with its room) under the other site.
    const beforeMove = new Date();
    await new Promise((r) => setTimeout(r, 20));
    expect((await call('POST', `/groups/${floor}/parent`, { parent_group_id: other })).body).toMatchObject({
      parent_id: other,
    });
    await listed(`/groups/${other}/subtree`, [floor, room]);
    await listed(`/groups/${root}/subtree`, []);
    const then = await call('GET', `/groups/${floor}?at=${encodeURIComponent(beforeMove.toISOString())}`);
    expect(then.body.parent_id).toBe(root);
    expect((await call('GET', `/groups/${floor}/events`)).body.events.map((e: { type: string }) => e.type)).toEqual([
      'GroupCreated',
      'GroupParentChanged',
    ]);

    // The client moves to another group, then out of any.
    expect((await call('POST', `/clients/${sensor}/parent`, { parent_group_id: floor })).status).toBe(204);
    await listed(`/groups/${room}/clients`, []);
    await listed(`/groups/${floor}/clients`, [sensor]);
    expect((await call('DELETE', `/clients/${sensor}/parent`)).status).toBe(204);
    await listed(`/clients?group=${floor}`, []);
    const types = (await call('GET', `/clients/${sensor}/events`)).body.events.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === 'ClientParentGroupSet')).toHaveLength(3);

    // Roots: DELETE parent.
    expect((await call('DELETE', `/groups/${floor}/parent`)).body).toMatchObject({ parent_id: null });
    await listed(`/groups?roots_only=true`, [root, other, floor]);
  });

  it('refuses cycles, unknown ids, bad input and non-empty deletions with a stable 4xx, recording nothing', async () => {
    const a = await group('cyc-a');
    const b = await group('cyc-b', a);
    const c = await group('cyc-c', b);
    const x = await client('grp-x');
    await call('POST', `/clients/${x}/parent`, { parent_group_id: c });
    const unknown = 'e'.repeat(32);
    const cases: [string, string, unknown, number, string][] = [
      ['POST', `/groups/${a}/parent`, { parent_group_id: c }, 409, 'GROUP_CYCLE'],
      ['POST', `/groups/${a}/parent`, { parent_group_id: b }, 409, 'GROUP_CYCLE'],
      ['POST', `/groups/${a}/parent`, { parent_group_id: a }, 409, 'GROUP_CYCLE'],
      ['POST', `/groups/${a}/parent`, { parent_group_id: unknown }, 404, 'GROUP_NOT_FOUND'],
      ['POST', `/groups/${a}/parent`, { parent_group_id: 'nope' }, 400, 'INVALID_GROUP'],
      ['POST', `/groups/${a}/parent`, {}, 400, 'INVALID_GROUP'],
      ['POST', `/groups/${unknown}/parent`, { parent_group_id: a }, 404, 'GROUP_NOT_FOUND'],
      ['POST', '/groups', { name: 'orphan', parent_id: unknown }, 404, 'GROUP_NOT_FOUND'],
      ['POST', '/groups', { name: 'bad name!' }, 400, 'INVALID_NAME'],
      ['POST', '/groups', { name: 'g', parent_id: 7 }, 400, 'INVALID_GROUP'],
      ['POST', '/groups', { name: 'g', colour: 'red' }, 400, 'UNKNOWN_FIELD'],
      ['POST', `/clients/${x}/parent`, { parent_group_id: unknown }, 404, 'GROUP_NOT_FOUND'],
      ['POST', `/clients/${x}/parent`, { parent_group_id: null }, 400, 'INVALID_GROUP'],
      ['POST', `/clients/${'d'.repeat(32)}/parent`, { parent_group_id: a }, 404, 'CLIENT_NOT_FOUND'],
      ['DELETE', `/groups/${b}`, undefined, 409, 'GROUP_NOT_EMPTY'],
      ['DELETE', `/groups/${c}`, undefined, 409, 'GROUP_NOT_EMPTY'],
      ['GET', `/groups/${unknown}`, undefined, 404, 'GROUP_NOT_FOUND'],
      ['GET', `/groups/${unknown}/children`, undefined, 404, 'GROUP_NOT_FOUND'],
      ['GET', `/clients?group=nope`, undefined, 400, 'INVALID_QUERY'],
    ];
    const before = await h.eventsSinceStart();
    for (const [method, path, body, status, code] of cases) {
      const r = await call(method, path, body);
      expect({ method, path, body, answer: r.body }).toEqual({ method, path, body, answer: ERROR(status, code) });
    }
    expect(await h.eventsSinceStart()).toBe(before);
    // Emptied, it goes.
    await call('DELETE', `/clients/${x}/parent`);
    expect((await call('DELETE', `/groups/${c}`)).status).toBe(204);
    expect((await call('GET', `/groups/${c}`)).body).toEqual(ERROR(404, 'GROUP_NOT_FOUND'));
  });

  it('of two concurrent moves that together would close a cycle, exactly one passes, every time', async () => {
    for (let round = 0; round < 25; round++) {
      const a = await group(`race-a-${round}`);
      const b = await group(`race-b-${round}`);
      const answers = await Promise.all([
        call('POST', `/groups/${a}/parent`, { parent_group_id: b }),
        call('POST', `/groups/${b}/parent`, { parent_group_id: a }),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(answers.find((r) => r.status === 409)!.body.code).toBe('GROUP_CYCLE');
      // The store agrees: one of the two has a parent, the other is a root.
      const parents = await Promise.all([a, b].map(async (g) => (await call('GET', `/groups/${g}`)).body.parent_id));
      expect(parents.filter((p) => p === null)).toHaveLength(1);
    }
    // Three groups moved under each other in a ring at once: at least one move fails, and no cycle is recorded.
    for (let round = 0; round < 10; round++) {
      const [a, b, c] = [
        await group(`ring-a-${round}`),
        await group(`ring-b-${round}`),
        await group(`ring-c-${round}`),
      ];
      const answers = await Promise.all([
        call('POST', `/groups/${a}/parent`, { parent_group_id: b }),
        call('POST', `/groups/${b}/parent`, { parent_group_id: c }),
        call('POST', `/groups/${c}/parent`, { parent_group_id: a }),
      ]);
      expect(answers.filter((r) => r.status === 409)).toHaveLength(1);
    }
  });

  it('a member of a role granting set_parent_group may move that client between groups, and nothing else', async () => {
    const g1 = await group('member-g1');
    const g2 = await group('member-g2');
    const c = await client('grp-member');
    await call('POST', `/clients/${c}/roles`, {
      name: 'placer',
      actions: ['set_parent_group'],
      members: ['token:carol'],
    });
    expect((await h.call('POST', `/clients/${c}/parent`, { parent_group_id: g1 }, member)).status).toBe(204);
    expect((await h.call('DELETE', `/clients/${c}/parent`, undefined, member)).status).toBe(204);
    expect((await h.call('POST', `/groups/${g1}/parent`, { parent_group_id: g2 }, member)).body).toEqual(
      ERROR(403, 'FORBIDDEN'),
    );
    expect((await h.call('GET', `/groups`, undefined, member)).body).toEqual(ERROR(403, 'FORBIDDEN'));
  });

  it('connections, roles and groups survive projections:rebuild unchanged', async () => {
    const g = await group('rebuilt-root');
    const child = await group('rebuilt-child', g);
    const c = await client('grp-rebuilt');
    await call('POST', `/clients/${c}/parent`, { parent_group_id: child });
    await call('POST', `/clients/${c}/roles`, { name: 'rebuilt', actions: ['view', 'publish'], members: ['oidc:x'] });
    const ch = (await call('POST', '/channels', { name: 'rebuilt-channel' })).body.id;
    await call('POST', `/channels/${ch}/connect`, { client_ids: [c], types: ['publish'] });
    const read = async () => ({
      groups: await h.ds.query(`SELECT * FROM rm_groups ORDER BY group_id`),
      clients: await h.ds.query(`SELECT client_id, parent_group_id FROM rm_clients ORDER BY client_id`),
      connections: await h.ds.query(`SELECT * FROM rm_channel_connections ORDER BY channel_id, client_id, type`),
      subtree: (await call('GET', `/groups/${g}/subtree`)).body,
      groupClients: (await call('GET', `/groups/${child}/clients`)).body,
      channelClients: (await call('GET', `/channels/${ch}/clients`)).body,
      roles: (await call('GET', `/clients/${c}/roles`)).body,
    });
    const before = await eventually(async () => {
      const r = await read();
      return r.groupClients.total === 1 && r.connections.length === 1 && r.subtree.total === 1 ? r : undefined;
    });
    const progress = await rebuildProjections(h.ds, h.app.get(Projector));
    expect(progress.done).toBe(progress.total);
    expect(await read()).toEqual(before);
  });
});
