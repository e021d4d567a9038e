import fc from 'fast-check';
import { FastifyRequest } from 'fastify';
import { wantedActions } from './wanted-actions';

const clientId = fc.stringMatching(/^[0-9a-f]{32}$/);
const asRequest = (r: { params?: Record<string, unknown>; body?: unknown }) => r as unknown as FastifyRequest;

describe('wantedActions', () => {
  it('asks for the route action on the client the path names, and for nothing when the path names none', () => {
    fc.assert(
      fc.property(clientId, (id) =>
        expect(wantedActions(asRequest({ params: { id } }), { action: 'delete', param: 'id' })).toEqual(
          new Map([[id, ['delete']]]),
        ),
      ),
    );
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^[0-9a-f]{32}$/.test(s)),
        (id) => expect(wantedActions(asRequest({ params: { id } }), { action: 'view', param: 'id' })).toBeUndefined(),
      ),
    );
  });

  it("asks, of a connect body, each type's action on every client named", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(clientId, { minLength: 1, maxLength: 5 }),
        fc.subarray(['publish', 'subscribe'] as const, { minLength: 1 }),
        (ids, types) => {
          const wanted = wantedActions(asRequest({ body: { client_ids: ids, types } }), { connections: true });
          expect([...wanted!.keys()]).toEqual(ids);
          for (const actions of wanted!.values()) expect(actions).toEqual(types);
        },
      ),
    );
  });

  it('trusts no other body: any that is not client ids and connection types asks for what no member holds', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const wanted = wantedActions(asRequest({ body }), { connections: true });
        if (wanted === undefined) return;
        // Defined only for a well-formed body: every key a client id, every action a connection type.
        const b = body as { client_ids: unknown[]; types: unknown[] };
        expect(b.client_ids.length).toBeGreaterThan(0);
        for (const [id, actions] of wanted) {
          expect(id).toMatch(/^[0-9a-f]{32}$/);
          for (const a of actions) expect(['publish', 'subscribe']).toContain(a);
        }
      }),
    );
    for (const body of [{ client_ids: [], types: ['publish'] }, { client_ids: ['a'.repeat(32)], types: [] }, null, 'x'])
      expect(wantedActions(asRequest({ body }), { connections: true })).toBeUndefined();
  });
});
