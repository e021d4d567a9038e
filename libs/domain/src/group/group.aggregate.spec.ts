import fc from 'fast-check';
import { GroupEvent } from './group-events';
import { assertParentGroupId, Group } from './group.aggregate';

const ID = 'a'.repeat(32);
const PARENT = 'b'.repeat(32);

const group = (...more: GroupEvent[]) =>
  Group.fromHistory(ID, [...Group.create({ groupId: ID, name: 'site', parentId: PARENT }), ...more]);

describe('Group', () => {
  it('moves, becomes a root, and decides nothing for a move to where it is', () => {
    const g = group();
    expect(g.parentId).toBe(PARENT);
    expect(g.setParent(PARENT)).toEqual([]);
    const root = group(...g.setParent(null));
    expect(root.parentId).toBeUndefined();
    expect(root.setParent(null)).toEqual([]);
  });

  it('is never its own parent, and once deleted decides nothing more', () => {
    const g = group();
    expect(() => g.setParent(ID)).toThrow(expect.objectContaining({ code: 'GROUP_CYCLE' }));
    const deleted = group(...g.delete());
    expect(() => deleted.setParent(null)).toThrow(expect.objectContaining({ code: 'GROUP_NOT_FOUND' }));
    expect(() => deleted.delete()).toThrow(expect.objectContaining({ code: 'GROUP_NOT_FOUND' }));
  });

  it('takes as a parent exactly a group id or null', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const ok = v === null || (typeof v === 'string' && /^[0-9a-f]{32}$/.test(v));
        if (ok) expect(assertParentGroupId(v)).toBe(v);
        else expect(() => assertParentGroupId(v)).toThrow(expect.objectContaining({ code: 'INVALID_GROUP' }));
      }),
    );
    fc.assert(fc.property(fc.stringMatching(/^[0-9a-f]{32}$/), (id) => expect(assertParentGroupId(id)).toBe(id)));
  });
});
