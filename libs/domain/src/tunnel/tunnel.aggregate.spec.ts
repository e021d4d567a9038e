import { Tunnel } from './tunnel.aggregate';
import { TunnelNotFoundError } from './tunnel.errors';
import { newTunnelId } from './tunnel-id';
import { DomainError } from '../shared/domain-error';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof DomainError ? e.code : 'NOT_A_DOMAIN_ERROR';
  }
};

describe('Tunnel aggregate', () => {
  const id = newTunnelId();
  const at = new Date('2026-11-23T02:31:43.123Z');
  const created = Tunnel.create({ tunnelId: id, name: 'celerity', namespace: 'tunnels', tcpPorts: [80, 443] });

  it('creates with a TunnelCreated event that carries no token', () => {
    expect(created).toEqual([
      {
        type: 'TunnelCreated',
        schemaVersion: 1,
        data: { tunnelId: id, namespace: 'tunnels', name: 'celerity', tcpPorts: [80, 443] },
      },
    ]);
    const t = Tunnel.fromHistory(id, [{ ...created[0], recordedAt: at }]);
    expect(t).toMatchObject({
      id,
      version: 1,
      namespace: 'tunnels',
      name: 'celerity',
      tcpPorts: [80, 443],
      deleted: false,
      created: at,
    });
  });

  it('reports bad input by field, name first', () => {
    expect(codeOf(() => Tunnel.create({ tunnelId: id, name: 'Bad', namespace: 'bad ns', tcpPorts: [] }))).toBe(
      'INVALID_NAME',
    );
    expect(codeOf(() => Tunnel.create({ tunnelId: id, name: 'ok', namespace: 'bad ns', tcpPorts: [] }))).toBe(
      'INVALID_NAMESPACE',
    );
    expect(codeOf(() => Tunnel.create({ tunnelId: id, name: 'ok', namespace: 'ns', tcpPorts: [] }))).toBe(
      'INVALID_TCP_PORTS',
    );
  });

  it('replaces ports, and deciding the same ports again changes nothing', () => {
    const t = Tunnel.fromHistory(id, created);
    const updated = t.replacePorts([22]);
    expect(updated).toEqual([
      {
        type: 'TunnelUpdated',
        schemaVersion: 1,
        data: { tunnelId: id, namespace: 'tunnels', name: 'celerity', tcpPorts: [22] },
      },
    ]);
    const after = Tunnel.fromHistory(id, [...created, ...updated]);
    expect(after.tcpPorts).toEqual([22]);
    expect(after.version).toBe(2);
    expect(after.replacePorts([22])).toEqual([]);
    expect(codeOf(() => after.replacePorts([0]))).toBe('INVALID_TCP_PORTS');
  });

  it('rotates and deletes once; a deleted tunnel refuses everything', () => {
    const t = Tunnel.fromHistory(id, created);
    const rotated = t.rotateToken();
    expect(rotated).toEqual([
      { type: 'TunnelTokenRotated', schemaVersion: 1, data: { tunnelId: id, namespace: 'tunnels', name: 'celerity' } },
    ]);
    const deleted = Tunnel.fromHistory(id, [...created, ...rotated]).delete('namespaceDeleted');
    expect(deleted[0].data).toMatchObject({ reason: 'namespaceDeleted' });
    const gone = Tunnel.fromHistory(id, [...created, ...rotated, ...deleted]);
    expect(gone.version).toBe(3);
    expect(() => gone.delete('deleted')).toThrow(TunnelNotFoundError);
    expect(() => gone.rotateToken()).toThrow(TunnelNotFoundError);
    expect(() => gone.replacePorts([1])).toThrow(TunnelNotFoundError);
  });

  it('refuses a history that does not start with creation', () => {
    expect(() => Tunnel.fromHistory(id, [])).toThrow(TunnelNotFoundError);
  });
});
