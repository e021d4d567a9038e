import fc from 'fast-check';
import { RESERVED_DETAILS_KEYS } from '@certplane/config';
import { detailsTopics } from './channel-topics';

const ARRAY_INDEX = /^(0|[1-9][0-9]{0,8})$/;

describe('detailsTopics', () => {
  const roles = fc.dictionary(
    fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...RESERVED_DETAILS_KEYS, '__proto__', 'constructor')),
    fc.string({ maxLength: 8 }),
    { maxKeys: 6 },
  );

  it('keeps every enrolled role as it is and first, adds only channels that clash with nothing', () => {
    fc.assert(
      fc.property(
        roles.filter((o) => Object.keys(o).every((k) => !RESERVED_DETAILS_KEYS.includes(k))),
        fc.option(roles, { nil: null }),
        (own, channels) => {
          const topics = detailsTopics(own, channels);
          // JavaScript lists array-index keys ("0", "7") first whatever the insertion order, so the
          // order of roles is a promise only among the others.
          const named = (o: object) => Object.keys(o).filter((k) => !ARRAY_INDEX.test(k));
          expect(named(topics).slice(0, named(own).length)).toEqual(named(own));
          for (const [role, topic] of Object.entries(own)) expect(topics[role]).toBe(topic);
          for (const role of Object.keys(topics))
            expect(
              Object.hasOwn(own, role) || (!RESERVED_DETAILS_KEYS.includes(role) && channels![role] === topics[role]),
            ).toBe(true);
          expect(Object.getPrototypeOf(topics)).toBe(Object.prototype);
        },
      ),
    );
  });
});
