import { Namespace } from './namespace.aggregate';
import { NamespaceNotFoundError, ReservedNamespaceError } from './namespace.errors';
import { newNamespaceId } from './namespace-id';

describe('Namespace aggregate', () => {
  const id = newNamespaceId();

  it('creates with the uplink label added, labels and annotations as given', () => {
    const created = Namespace.create({
      namespaceId: id,
      name: 'tenant-1',
      labels: { team: 'a' },
      annotations: { 'example.com/owner': 'Ada L.' },
    });
    expect(created).toEqual([
      {
        type: 'NamespaceCreated',
        schemaVersion: 1,
        data: {
          namespaceId: id,
          name: 'tenant-1',
          labels: { team: 'a', 'certplane.io/uplink': '1' },
          annotations: { 'example.com/owner': 'Ada L.' },
        },
      },
    ]);
    const ns = Namespace.fromHistory(id, created);
    expect(ns).toMatchObject({ id, version: 1, name: 'tenant-1', deleted: false });
    const deleted = ns.delete();
    expect(deleted).toEqual([
      { type: 'NamespaceDeleted', schemaVersion: 1, data: { namespaceId: id, name: 'tenant-1' } },
    ]);
    expect(() => Namespace.fromHistory(id, [...created, ...deleted]).delete()).toThrow(NamespaceNotFoundError);
  });

  it('refuses reserved names, including configured ones', () => {
    expect(() => Namespace.create({ namespaceId: id, name: 'kube-system' })).toThrow(ReservedNamespaceError);
    expect(() => Namespace.create({ namespaceId: id, name: 'inlets' }, ['inlets'])).toThrow(ReservedNamespaceError);
    expect(() => Namespace.fromHistory(id, [])).toThrow(NamespaceNotFoundError);
  });
});
