import fc from 'fast-check';
import { V2_SIGNATURE } from '../../apps/api/src/http/proxy-header';

// The trusted proxy's address and an untrusted caller's: loopback aliases, bound as the client sockets' source.
export const PROXY = '127.0.0.2';
export const STRANGER = '127.0.0.3';

/** A kind of hostile PROXY header (test/fuzz/proxy-header.test.ts): who sends it, and the bytes. */
export interface ProxyHeaderKind {
  name: string;
  what: string;
  from: typeof PROXY | typeof STRANGER;
  headers: fc.Arbitrary<Buffer>;
}

const address = fc.tuple(fc.ipV4(), fc.ipV4(), fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }));
const v1 = address.map(([s, d, sp, dp]) => Buffer.from(`PROXY TCP4 ${s} ${d} ${sp} ${dp}\r\n`));
const v2 = address.map(([s, d, sp, dp]) => {
  const body = Buffer.alloc(12);
  s.split('.').forEach((o, i) => (body[i] = Number(o)));
  d.split('.').forEach((o, i) => (body[4 + i] = Number(o)));
  body.writeUInt16BE(sp, 8);
  body.writeUInt16BE(dp, 10);
  return Buffer.concat([V2_SIGNATURE, Buffer.from([0x21, 0x11, 0, 12]), body]);
});
export const validHeader = fc.oneof(v1, v2);

/** A valid header with bytes replaced, inserted or removed. */
const mutated = (header: fc.Arbitrary<Buffer>) =>
  fc
    .tuple(
      header,
      fc.array(fc.tuple(fc.constantFrom('replace', 'insert', 'delete'), fc.nat(), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 4,
      }),
    )
    .map(([bytes, edits]) => {
      let b = [...bytes];
      for (const [op, at, value] of edits) {
        const i = at % (b.length + 1);
        if (op === 'replace' && i < b.length) b[i] = value;
        else if (op === 'insert') b = [...b.slice(0, i), value, ...b.slice(i)];
        else if (op === 'delete') b = [...b.slice(0, i), ...b.slice(i + 1)];
      }
      return Buffer.from(b);
    });

export const PROXY_HEADER_KINDS: ProxyHeaderKind[] = [
  {
    name: 'PROXY v1: line mutated',
    what: 'a TCP4 line with bytes replaced, inserted or removed, from the trusted proxy',
    from: PROXY,
    headers: mutated(v1),
  },
  {
    name: 'PROXY v2: header mutated',
    what: 'a binary IPv4 header with bytes replaced, inserted or removed (length, version, family), from the trusted proxy',
    from: PROXY,
    headers: mutated(v2),
  },
  {
    name: 'PROXY: signature then noise',
    what: 'the v1 or v2 signature followed by up to 200 random bytes, from the trusted proxy',
    from: PROXY,
    headers: fc
      .tuple(fc.constantFrom(Buffer.from('PROXY '), V2_SIGNATURE), fc.uint8Array({ maxLength: 200 }))
      .map(([sig, rest]) => Buffer.concat([sig, Buffer.from(rest)])),
  },
  {
    name: 'PROXY: none from the proxy',
    what: 'up to 200 random bytes and no header, from the trusted proxy',
    from: PROXY,
    headers: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  },
  {
    name: 'PROXY: forged by a caller',
    what: 'a valid v1 or v2 header naming any caller, sent by an address that is not a trusted proxy',
    from: STRANGER,
    headers: validHeader,
  },
];
