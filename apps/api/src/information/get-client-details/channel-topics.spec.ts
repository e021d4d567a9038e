import fc from 'fast-check';
import { RESERVED_DETAILS_KEYS } from '@certplane/config';
import { detailsTopics } from './channel-topics';

describe('detailsTopics', () => {
  const roles = fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...RESERVED_DETAILS_KEYS, '__proto__', 'constructor')), fc.string({ maxLength: 8 }), { maxKeys: 6 });

  it('keeps every enrolled role as it is and first, adds only channels that clash with nothing', () => {
    fc.assert(
      fc.property(roles.filter((o) => Object.keys(o).every((k) => !RESERVED_DETAILS_KEYS.includes(k))), fc.option(roles, { nil: null }), (own, channels) => {
        const topics = detailsTopics(own, channels);
        expect(Object.keys(topics).slice(0, Object.keys(own).length)).toEqual(Object.keys(own));
        for (const [role, topic] of Object.entries(own)) expect(topics[role]).toBe(topic);
        for (const role of Object.keys(topics)) expect(Object.hasOwn(own, role) || (!RESERVED_DETAILS_KEYS.includes(role) && channels![role] === topics[role])).toBe(true);
        expect(Object.getPrototypeOf(topics)).toBe(Object.prototype);
      }),
    );
  });
});
