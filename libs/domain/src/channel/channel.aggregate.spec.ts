import fc from 'fast-check';
import { ChannelEvent } from './channel-events';
import { Channel } from './channel.aggregate';
import { assertValidConnectionRequest, CONNECTION_TYPES, ConnectionType, MAX_CLIENTS_PER_CONNECT } from './connection';

const ID = 'c'.repeat(32);
const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

function channelAfter(...decide: ((c: Channel) => ChannelEvent[])[]): Channel {
  let history: ChannelEvent[] = Channel.create({ channelId: ID, name: 'temps', route: 'data' });
  for (const d of decide) history = [...history, ...d(Channel.fromHistory(ID, history))];
  return Channel.fromHistory(ID, history);
}

describe('Channel', () => {
  it('connects every client named with every type named, and disconnects pair by pair', () => {
    const c = channelAfter(
      (ch) => ch.connect({ clientIds: [A, B], types: ['publish', 'subscribe'] }),
      (ch) => ch.disconnect({ clientIds: [B], types: ['publish'] }),
    );
    expect(c.clientsOf('publish')).toEqual([A]);
    expect(c.clientsOf('subscribe')).toEqual([A, B]);
    expect(c.version).toBe(3);
  });

  it('refuses a pair connected already, or one that is not, all or nothing', () => {
    const c = channelAfter((ch) => ch.connect({ clientIds: [A], types: ['publish'] }));
    expect(() => c.connect({ clientIds: [B, A], types: ['subscribe', 'publish'] })).toThrow(
      expect.objectContaining({ code: 'CONNECTION_ALREADY_EXISTS' }),
    );
    expect(() => c.disconnect({ clientIds: [A], types: ['subscribe'] })).toThrow(
      expect.objectContaining({ code: 'CONNECTION_NOT_FOUND' }),
    );
  });

  it("a deleted client's disconnect names its types, and nothing for a client not connected", () => {
    const c = channelAfter((ch) => ch.connect({ clientIds: [A], types: ['subscribe', 'publish'] }));
    expect(c.disconnectDeletedClient(B)).toEqual([]);
    expect(c.disconnectDeletedClient(A)).toEqual([
      {
        type: 'ClientsDisconnected',
        schemaVersion: 1,
        data: { channelId: ID, clientIds: [A], types: ['publish', 'subscribe'], reason: 'client-deleted' },
      },
    ]);
  });

  it('deletion ends every connection first, then the channel; a deleted channel is not found', () => {
    const c = channelAfter(
      (ch) => ch.connect({ clientIds: [A, B], types: ['subscribe'] }),
      (ch) => ch.delete(),
    );
    expect(c.deleted).toBe(true);
    expect(c.clientsOf()).toEqual([]);
    expect(() => c.connect({ clientIds: [A], types: ['publish'] })).toThrow(
      expect.objectContaining({ code: 'CHANNEL_NOT_FOUND' }),
    );
    expect(c.disconnectDeletedClient(A)).toEqual([]);
  });

  it('an update records only what changed; a null route removes it', () => {
    const c = channelAfter();
    expect(c.update({ name: 'temps', route: 'data' })).toEqual([]);
    expect(c.update({ route: null })).toEqual([
      { type: 'ChannelUpdated', schemaVersion: 1, data: { channelId: ID, route: null } },
    ]);
    expect(() => c.update({ route: 'a b' })).toThrow(expect.objectContaining({ code: 'INVALID_ROUTE' }));
  });
});

describe('assertValidConnectionRequest', () => {
  const clientId = fc.stringMatching(/^[0-9a-f]{32}$/);
  const types = fc.subarray([...CONNECTION_TYPES], { minLength: 1 });

  it('accepts distinct client ids and distinct types, as given', () => {
    fc.assert(
      fc.property(fc.uniqueArray(clientId, { minLength: 1, maxLength: 50 }), types, (clientIds, ts) => {
        expect(assertValidConnectionRequest({ clientIds, types: ts })).toEqual({ clientIds, types: ts });
      }),
    );
  });

  it('refuses anything else with INVALID_CONNECTION', () => {
    const bad = fc.oneof(
      fc.record({ clientIds: fc.anything().filter((v) => !Array.isArray(v)), types: types as fc.Arbitrary<unknown> }),
      fc.record({ clientIds: fc.constant([]), types: types as fc.Arbitrary<unknown> }),
      fc.record({ clientIds: clientId.map((id) => [id, id]), types: types as fc.Arbitrary<unknown> }),
      fc.record({
        clientIds: fc.array(
          fc.string().filter((s) => !/^[0-9a-f]{32}$/.test(s)),
          { minLength: 1 },
        ),
        types: types as fc.Arbitrary<unknown>,
      }),
      fc.record({
        clientIds: fc.array(clientId, { minLength: 1, maxLength: 1 }),
        types: fc
          .anything()
          .filter(
            (t) =>
              !(
                Array.isArray(t) &&
                t.length > 0 &&
                t.every((x) => (CONNECTION_TYPES as readonly unknown[]).includes(x)) &&
                new Set(t).size === t.length
              ),
          ),
      }),
    );
    fc.assert(
      fc.property(bad, (input) => {
        expect(() => assertValidConnectionRequest(input)).toThrow(
          expect.objectContaining({ code: 'INVALID_CONNECTION' }),
        );
      }),
    );
  });

  it(`refuses more than ${MAX_CLIENTS_PER_CONNECT} clients`, () => {
    const clientIds = Array.from({ length: MAX_CLIENTS_PER_CONNECT + 1 }, (_, i) => i.toString(16).padStart(32, '0'));
    expect(() => assertValidConnectionRequest({ clientIds, types: ['publish' as ConnectionType] })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONNECTION' }),
    );
  });
});
