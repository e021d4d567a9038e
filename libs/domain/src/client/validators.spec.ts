import fc from 'fast-check';
import { assertValidClientName } from './client-name';
import { assertValidSans, isReservedIp } from './client-sans';
import { assertValidTopics } from './topics';
import { isClientId, newClientId } from './client-id';
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
    fc.assert(fc.property(fc.string({ unit: nameChar, minLength: 1, maxLength: 128 }).filter((s) => s !== 'server'), (n) => codeOf(() => assertValidClientName(n)) === undefined));
  });
  it('rejects anything with another character, too long, empty or not a string', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => /[^A-Za-z0-9_.:-]/.test(s)), (n) => codeOf(() => assertValidClientName(n)) === 'INVALID_NAME'));
    expect(codeOf(() => assertValidClientName('a'.repeat(129)))).toBe('INVALID_NAME');
    expect(codeOf(() => assertValidClientName(''))).toBe('INVALID_NAME');
    fc.assert(fc.property(fc.oneof(fc.integer(), fc.constant(null), fc.object(), fc.array(fc.string())), (n) => codeOf(() => assertValidClientName(n)) === 'INVALID_NAME'));
    expect(codeOf(() => assertValidClientName('server'))).toBe('RESERVED_NAME');
  });
});

describe('topics rule', () => {
  it('never throws anything but INVALID_TOPICS for arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => [undefined, 'INVALID_TOPICS'].includes(codeOf(() => assertValidTopics(v)))));
  });
  it('accepts role → topic maps', () => {
    expect(codeOf(() => assertValidTopics({ insert: 'data', query: 'requests' }))).toBeUndefined();
    expect(codeOf(() => assertValidTopics({ ['__proto__']: 'x' }))).toBeUndefined();
    expect(codeOf(() => assertValidTopics(JSON.parse('{"__proto__": {"a": 1}}')))).toBe('INVALID_TOPICS');
  });
});

describe('SAN rules', () => {
  it('accepts public IPv4 and IPv6 addresses', () => {
    fc.assert(fc.property(fc.ipV4().filter((ip) => !isReservedIp(ip)), (ip) => codeOf(() => assertValidSans({ ip })) === undefined));
    fc.assert(fc.property(fc.ipV6().filter((ip) => !isReservedIp(ip)), (ip) => codeOf(() => assertValidSans({ ip })) === undefined));
  });
  it.each(['0.0.0.0', '127.0.0.1', '127.9.9.9', '255.255.255.255', '224.0.0.1', '239.1.2.3', '::', '::1', '0:0:0:0:0:0:0:1', 'ff02::1', '::ffff:127.0.0.1'])('refuses reserved %s', (ip) => {
    expect(codeOf(() => assertValidSans({ ip }))).toBe('RESERVED_IP_ADDRESS');
  });
  it('refuses both, bad ips, bad and reserved hostnames', () => {
    expect(codeOf(() => assertValidSans({ ip: '10.0.0.1', hostname: 'a' }))).toBe('PARAMETERS_NOT_APPROPRIATE');
    expect(codeOf(() => assertValidSans({ ip: '10.0.0.256' }))).toBe('INVALID_IP_ADDRESS');
    expect(codeOf(() => assertValidSans({ ip: 7 }))).toBe('INVALID_IP_ADDRESS');
    expect(codeOf(() => assertValidSans({ hostname: 'a'.repeat(61) }))).toBe('INVALID_HOSTNAME');
    expect(codeOf(() => assertValidSans({ hostname: 'bad host' }))).toBe('INVALID_HOSTNAME');
    for (const hostname of ['a..b', '-x', 'x-', '.', 'a.', '10.0.0.1']) expect(codeOf(() => assertValidSans({ hostname }))).toBe('INVALID_HOSTNAME');
    expect(codeOf(() => assertValidSans({ ip: 'fe80::1%eth0' }))).toBe('INVALID_IP_ADDRESS');
    expect(codeOf(() => assertValidSans({ hostname: 'LocalHost' }))).toBe('RESERVED_HOSTNAME');
    expect(codeOf(() => assertValidSans({ hostname: 'ca.example' }, ['ca.example']))).toBe('RESERVED_HOSTNAME');
    expect(assertValidSans({ hostname: 'edge-1.example.com' })).toEqual({ hostname: 'edge-1.example.com' });
  });
});

describe('client id', () => {
  it('is 32 lowercase hex and unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, newClientId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(isClientId(id)).toBe(true);
    expect(isClientId('../etc/passwd')).toBe(false);
  });
});
