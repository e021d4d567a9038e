import fc from 'fast-check';
import { derivedIssuerId, isIssuerId, newIssuerId, successorIssuerId } from './issuer.aggregate';

describe('issuer ids', () => {
  it('accepts every id certplane makes or derives', () => {
    expect(isIssuerId(newIssuerId())).toBe(true);
    fc.assert(
      fc.property(fc.string(), (seed) => {
        const id = derivedIssuerId(seed);
        return isIssuerId(id) && isIssuerId(successorIssuerId(id));
      }),
    );
  });

  it('refuses anything else: other lengths, letters, case, bytes a path can carry', () => {
    const id = newIssuerId();
    for (const bad of [
      id.toUpperCase(),
      `${id}0`,
      id.slice(1),
      id.replace(/-/g, ''),
      `${id.slice(0, 35)}\u0000`,
      '',
      'x',
    ])
      expect(isIssuerId(bad)).toBe(false);
    fc.assert(fc.property(fc.string(), (s) => isIssuerId(s) === /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/.test(s)));
    expect(isIssuerId(undefined)).toBe(false);
  });
});
