import fc from 'fast-check';
import { readMetadataFilter } from './metadata-filter';

const key = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/);
const value = fc.oneof(
  fc.string({ maxLength: 256 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
);

describe('readMetadataFilter', () => {
  it('reads back every metadata object it is given as JSON', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 32 }), (m) => {
        expect(readMetadataFilter(JSON.stringify(m))).toEqual(JSON.parse(JSON.stringify(m)));
      }),
    );
  });

  it('refuses text that is not JSON, or not an object of scalars, with INVALID_QUERY', () => {
    const bad = fc.oneof(
      fc.string().filter((s) => {
        try {
          const v = JSON.parse(s);
          return typeof v !== 'object' || v === null || Array.isArray(v);
        } catch {
          return true;
        }
      }),
      fc
        .dictionary(
          key,
          fc.oneof(
            fc.constant(null),
            fc.array(fc.integer(), { minLength: 0, maxLength: 2 }),
            fc.object({ maxDepth: 1 }),
          ),
          { minKeys: 1, maxKeys: 3 },
        )
        .map((m) => JSON.stringify(m)),
      fc.constant(JSON.stringify({ 'a b': 1 })),
    );
    fc.assert(
      fc.property(bad, (text) => {
        expect(() => readMetadataFilter(text)).toThrow(
          expect.objectContaining({ code: 'INVALID_QUERY', statusCode: 400 }),
        );
      }),
    );
  });
});
