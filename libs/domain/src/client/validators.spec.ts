import fc from 'fast-check';
import { isIPv6 } from 'node:net';
import { assertValidClientName } from './client-name';
import { assertValidSans } from './client-sans';
import { IpAddress } from './ip-address';
import { assertValidTopics } from './topics';
import { clientIdForDetailsSecret, isClientId, newDetailsSecret } from './client-id';
import { assertValidTags } from './client-tags';
import { assertValidMetadata } from './client-metadata';
import { certificateStatus } from './certificate-status';
import { DomainError } from '../shared/domain-error';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof DomainError ? e.code : 'NOT_A_DOMAIN_ERROR';
  }
};
const nameChar = fc.constantFrom(...'abcXYZ019_.:-'.split(''));

describe('client name rule', () => {
  it('accepts every 1-128 string of the allowed characters except "server"', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: nameChar, minLength: 1, maxLength: 128 }).filter((s) => s !== 'server'),
        (n) => codeOf(() => assertValidClientName(n)) === undefined,
      ),
    );
  });
  it('rejects anything with another character, too long, empty or not a string', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => /[^A-Za-z0-9_.:-]/.test(s)),
        (n) => codeOf(() => assertValidClientName(n)) === 'INVALID_NAME',
      ),
    );
    expect(codeOf(() => assertValidClientName('a'.repeat(129)))).toBe('INVALID_NAME');
    expect(codeOf(() => assertValidClientName(''))).toBe('INVALID_NAME');
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.constant(null), fc.object(), fc.array(fc.string())),
        (n) => codeOf(() => assertValidClientName(n)) === 'INVALID_NAME',
      ),
    );
    expect(codeOf(() => assertValidClientName('server'))).toBe('RESERVED_NAME');
  });
});

describe('topics rule', () => {
  it('never throws anything but INVALID_TOPICS for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => [undefined, 'INVALID_TOPICS'].includes(codeOf(() => assertValidTopics(v)))),
    );
  });
  it('accepts role → topic maps', () => {
    expect(codeOf(() => assertValidTopics({ insert: 'data', query: 'requests' }))).toBeUndefined();
    expect(codeOf(() => assertValidTopics({ ['__proto__']: 'x' }))).toBeUndefined();
    expect(codeOf(() => assertValidTopics(JSON.parse('{"__proto__": {"a": 1}}')))).toBe('INVALID_TOPICS');
  });
});

describe('SAN rules', () => {
  it('accepts public IPv4 and IPv6 addresses', () => {
    fc.assert(
      fc.property(
        fc.ipV4().filter((ip) => !IpAddress.parse(ip).isReserved),
        (ip) => codeOf(() => assertValidSans({ ip })) === undefined,
      ),
    );
    fc.assert(
      fc.property(
        fc.ipV6().filter((ip) => !IpAddress.parse(ip).isReserved),
        (ip) => codeOf(() => assertValidSans({ ip })) === undefined,
      ),
    );
  });
  it.each([
    '0.0.0.0',
    '127.0.0.1',
    '127.9.9.9',
    '255.255.255.255',
    '224.0.0.1',
    '239.1.2.3',
    '::',
    '::1',
    '0:0:0:0:0:0:0:1',
    'ff02::1',
    '::ffff:127.0.0.1',
  ])('refuses reserved %s', (ip) => {
    expect(codeOf(() => assertValidSans({ ip }))).toBe('RESERVED_IP_ADDRESS');
  });
  it('refuses both, bad ips, bad and reserved hostnames', () => {
    expect(codeOf(() => assertValidSans({ ip: '10.0.0.1', hostname: 'a' }))).toBe('PARAMETERS_NOT_APPROPRIATE');
    expect(codeOf(() => assertValidSans({ ip: '10.0.0.256' }))).toBe('INVALID_IP_ADDRESS');
    expect(codeOf(() => assertValidSans({ ip: 7 }))).toBe('INVALID_IP_ADDRESS');
    expect(codeOf(() => assertValidSans({ hostname: 'a'.repeat(61) }))).toBe('INVALID_HOSTNAME');
    expect(codeOf(() => assertValidSans({ hostname: 'bad host' }))).toBe('INVALID_HOSTNAME');
    for (const hostname of ['a..b', '-x', 'x-', '.', 'a.', '10.0.0.1'])
      expect(codeOf(() => assertValidSans({ hostname }))).toBe('INVALID_HOSTNAME');
    expect(codeOf(() => assertValidSans({ ip: 'fe80::1%eth0' }))).toBe('INVALID_IP_ADDRESS');
    expect(codeOf(() => assertValidSans({ hostname: 'LocalHost' }))).toBe('RESERVED_HOSTNAME');
    expect(codeOf(() => assertValidSans({ hostname: 'ca.example' }, ['ca.example']))).toBe('RESERVED_HOSTNAME');
    expect(assertValidSans({ hostname: 'edge-1.example.com' })).toEqual({ hostname: 'edge-1.example.com' });
  });
});

/** One way to write a 16-bit group: any case, leading zeros up to four digits. */
const groupSpelling = (word: number) =>
  fc
    .tuple(
      fc.integer({ min: word.toString(16).length, max: 4 }),
      fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    )
    .map(([width, upper]) =>
      [...word.toString(16).padStart(width, '0')].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''),
    );

/**
 * Every way to write the eight groups: each group spelled any way, any one run of zero groups compressed to "::"
 * (or none), and the last 32 bits optionally as a dotted quad.
 */
function ipv6Spelling(words: number[]): fc.Arbitrary<string> {
  const zeroRuns: Array<[number, number]> = [];
  for (let i = 0; i < 8; i++) for (let j = i; j < 8 && words[j] === 0; j++) zeroRuns.push([i, j + 1]);
  return fc
    .tuple(
      fc.tuple(...words.map(groupSpelling)),
      fc.option(fc.constantFrom(...(zeroRuns.length ? zeroRuns : [[0, 0] as [number, number]])), { nil: undefined }),
      fc.boolean(),
    )
    .map(([groups, run, dottedTail]) => {
      const parts: string[] = [...groups];
      if (dottedTail) parts.splice(6, 2, [words[6] >> 8, words[6] & 0xff, words[7] >> 8, words[7] & 0xff].join('.'));
      if (!run || run[0] === run[1] || (dottedTail && run[1] > 6)) return parts.join(':');
      const end = dottedTail ? Math.min(run[1], 6) : run[1];
      if (end <= run[0]) return parts.join(':');
      return `${parts.slice(0, run[0]).join(':')}::${parts.slice(end).join(':')}`;
    });
}

const word = fc.integer({ min: 0, max: 0xffff });
const wordsWithZeros = fc.array(fc.oneof(word, fc.constant(0), fc.constant(0)), { minLength: 8, maxLength: 8 });
const ipv4Words = (octets: number[]) => [
  0,
  0,
  0,
  0,
  0,
  0xffff,
  (octets[0] << 8) | octets[1],
  (octets[2] << 8) | octets[3],
];
const octetsOf = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((t) => [...t]);

describe('IpAddress', () => {
  it('reads every spelling of one IPv6 address as one RFC 5952 text', () => {
    fc.assert(
      fc.property(
        wordsWithZeros.filter((w) => !(w.slice(0, 5).every((x) => x === 0) && w[5] === 0xffff)),
        fc.context(),
        (words, ctx) => {
          const spellings = fc.sample(ipv6Spelling(words), 8);
          const texts = new Set(spellings.map((s) => IpAddress.parse(s).text));
          ctx.log(spellings.join(' '));
          expect(texts.size).toBe(1);
          const [text] = texts;
          expect(text).toMatch(/^[0-9a-f:]+$/);
          expect(isIPv6(text)).toBe(true);
          expect(IpAddress.parse(text).text).toBe(text);
          expect([...IpAddress.parse(text).octets()]).toEqual(words.flatMap((w) => [w >> 8, w & 0xff]));
          expect(new Set(spellings.map((s) => IpAddress.parse(s).isReserved)).size).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('unwraps every spelling of an IPv4-mapped address to the dotted quad, reserved exactly when the IPv4 one is', () => {
    fc.assert(
      fc.property(octetsOf, (octets) => {
        const quad = octets.join('.');
        const spellings = [quad, ...fc.sample(ipv6Spelling(ipv4Words(octets)), 8)];
        for (const spelling of spellings) {
          expect(IpAddress.parse(spelling).text).toBe(quad);
          expect(IpAddress.parse(spelling).version).toBe(4);
          expect(codeOf(() => assertValidSans({ ip: spelling }))).toBe(codeOf(() => assertValidSans({ ip: quad })));
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    '::ffff:127.0.0.1',
    '0:0:0:0:0:ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::FFFF:7F00:0001',
    '0000:0000::FFFF:127.9.9.9',
    '::ffff:0:0',
    '::ffff:e000:1',
  ])('refuses the mapped reserved address %s', (ip) =>
    expect(codeOf(() => assertValidSans({ ip }))).toBe('RESERVED_IP_ADDRESS'),
  );

  it('answers the canonical text from assertValidSans', () => {
    expect(assertValidSans({ ip: '2001:DB8:0::5' })).toEqual({ ip: '2001:db8::5' });
    expect(assertValidSans({ ip: '2001:0db8:0000:0000:0000:0000:0000:0005' })).toEqual({ ip: '2001:db8::5' });
    expect(assertValidSans({ ip: '::ffff:10.1.2.3' })).toEqual({ ip: '10.1.2.3' });
    expect(assertValidSans({ ip: '2001:db8:0:1:1:1:1:1' })).toEqual({ ip: '2001:db8:0:1:1:1:1:1' });
  });

  it('refuses what is not a plain address, and never throws anything but INVALID_IP_ADDRESS', () => {
    for (const ip of [
      '',
      '01.2.3.4',
      '1.2.3',
      '10.0.0.1/24',
      'fe80::1%eth0',
      '[::1]',
      ':::1',
      '1:2:3:4:5:6:7:8:9',
      ' ::1',
    ]) {
      expect(codeOf(() => IpAddress.parse(ip))).toBe('INVALID_IP_ADDRESS');
    }
    fc.assert(
      fc.property(fc.anything(), (v) => [undefined, 'INVALID_IP_ADDRESS'].includes(codeOf(() => IpAddress.parse(v)))),
    );
  });

  it('tells multicast (ff00::/8) from addresses that merely start with the digits ff', () => {
    expect(IpAddress.parse('ff02::1').isReserved).toBe(true);
    expect(IpAddress.parse('FF0E:0::1').isReserved).toBe(true);
    expect(IpAddress.parse('ff::1').isReserved).toBe(false);
    expect(IpAddress.parse('::').isReserved).toBe(true);
    expect(IpAddress.parse('0:0::0:1').isReserved).toBe(true);
  });

  it('reads a stored spelling as canonical text and keeps text it cannot read as it is', () => {
    expect(IpAddress.canonicalText('2001:DB8:0::5')).toBe('2001:db8::5');
    expect(IpAddress.canonicalText('not an ip')).toBe('not an ip');
  });
});

describe('client id', () => {
  it('is 32 lowercase hex and unique', () => {
    const secrets = Array.from({ length: 1000 }, newDetailsSecret);
    const ids = new Set(secrets.map(clientIdForDetailsSecret));
    for (const s of secrets) expect(isClientId(s)).toBe(true);
    // The id is derived one way and differs from the secret it comes from.
    expect(secrets.some((s) => ids.has(s))).toBe(false);
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(isClientId(id)).toBe(true);
    expect(isClientId('../etc/passwd')).toBe(false);
  });
});

describe('tags rule', () => {
  const tagChar = fc.constantFrom(...'abZ09_.:=/-'.split(''));
  it('accepts up to 32 distinct tags of the allowed characters, and keeps their order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: tagChar, minLength: 1, maxLength: 64 }), { maxLength: 32 }),
        (tags) => JSON.stringify(assertValidTags(tags)) === JSON.stringify(tags),
      ),
    );
  });
  it('never throws anything but INVALID_TAGS for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => [undefined, 'INVALID_TAGS'].includes(codeOf(() => assertValidTags(v)))),
    );
  });
  it('refuses duplicates, too many, bad characters and non-strings', () => {
    for (const tags of [
      ['a', 'a'],
      Array.from({ length: 33 }, (_, i) => `t${i}`),
      ['has space'],
      [''],
      ['a'.repeat(65)],
      [1],
      'a',
      { a: 1 },
      null,
    ]) {
      expect(codeOf(() => assertValidTags(tags))).toBe('INVALID_TAGS');
    }
  });
});

describe('metadata rule', () => {
  it('never throws anything but INVALID_METADATA for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) =>
        [undefined, 'INVALID_METADATA'].includes(codeOf(() => assertValidMetadata(v))),
      ),
    );
  });
  it('accepts flat objects of short strings, finite numbers and booleans, and returns an equal copy', () => {
    const key = fc.string({ unit: fc.constantFrom(...'abZ09_.:-'.split('')), minLength: 1, maxLength: 64 });
    const value = fc.oneof(
      fc.string({ maxLength: 256 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
    );
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 32 }), (m) => {
        const copy = assertValidMetadata(m);
        return copy !== m && JSON.stringify(copy) === JSON.stringify(m);
      }),
    );
  });
  it('refuses nesting, nulls, long strings, too many keys and bad keys; "__proto__" is a plain key', () => {
    for (const m of [
      { a: { b: 1 } },
      { a: null },
      { a: [1] },
      { a: 'x'.repeat(257) },
      Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i])),
      { 'bad key': 1 },
      { '': 1 },
      [],
      'x',
    ]) {
      expect(codeOf(() => assertValidMetadata(m))).toBe('INVALID_METADATA');
    }
    const copy = assertValidMetadata(JSON.parse('{"__proto__": "x"}'));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
  });
});

describe('certificate status', () => {
  it('is revoked when revoked, else expired after notAfter, else valid', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(certificateStatus({ notAfter: '2027-01-01T00:00:00Z' }, now)).toBe('valid');
    expect(certificateStatus({ notAfter: '2026-01-01T00:00:00Z' }, now)).toBe('expired');
    expect(certificateStatus({ notAfter: '2026-01-01T00:00:00Z', revocation: { reason: 'superseded' } }, now)).toBe(
      'revoked',
    );
  });
});
