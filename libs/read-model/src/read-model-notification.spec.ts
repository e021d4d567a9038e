import fc from 'fast-check';
import { notificationPayloads, parseNotification } from './read-model-notification';

const streamId = fc.stringMatching(/^[a-z]{1,10}-[0-9a-f]{1,40}$/);
const typeName = fc.stringMatching(/^[A-Z][A-Za-z]{0,30}$/);

describe('read model notifications', () => {
  it('round-trips any commit, split into payloads Postgres accepts, each one readable on its own', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(streamId, { maxLength: 400 }),
        fc.boolean(),
        fc.array(fc.array(typeName, { minLength: 1, maxLength: 4 }), { maxLength: 400 }),
        (ids, typed, types) => {
          const typesByStream = typed
            ? new Map(ids.map((id, i) => [id, new Set(types[i % Math.max(1, types.length)] ?? ['ClientEnrolled'])]))
            : undefined;
          const payloads = notificationPayloads(ids, typesByStream);
          for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
          const parsed = payloads.map((p) => parseNotification(p)!);
          expect(parsed.every((p) => p !== undefined)).toBe(true);
          expect(parsed.flatMap((p) => p.streamIds)).toEqual(ids);
          if (typesByStream) {
            for (const p of parsed)
              for (const id of p.streamIds) expect(p.typesByStream?.get(id)).toEqual(typesByStream.get(id));
          } else {
            for (const p of parsed) expect(p.typesByStream).toBeUndefined();
          }
        },
      ),
    );
  });

  it('says nothing for a commit that changed nothing', () => {
    expect(notificationPayloads([])).toEqual([]);
  });

  it('refuses payloads that are not what the projector sends', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const parsed = parseNotification(s);
        if (parsed) expect(Array.isArray(JSON.parse(s))).toBe(true);
      }),
    );
    for (const bad of ['', 'null', '{}', '[1]', '[[1]]', '[["a",[1]]]', '[["a",["T"],3]]', '[["a","T"]]'])
      expect(parseNotification(bad)).toBeUndefined();
  });
});
