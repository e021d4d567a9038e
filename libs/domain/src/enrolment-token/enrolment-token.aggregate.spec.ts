import { codeOf } from '../shared/code-of';
import { EnrolmentToken, MAX_TOKEN_TTL_SECONDS } from './enrolment-token.aggregate';
import { enrolmentTokenDigest, newEnrolmentToken } from './enrolment-token-id';
import { Duration } from '../shared/duration';
import { eventRegistry } from '../event-catalog';
import { DEFAULT_PROFILE } from '../profile/default-profile';

const NOW = new Date('2026-01-01T00:00:00Z');
const RULES = { maxValidity: Duration.parse('365d') };
const later = (s: number) => new Date(NOW.getTime() + s * 1000);

describe('EnrolmentToken', () => {
  it('records what it allows, one use by default and an expiry an hour on, never the token', () => {
    const [created] = EnrolmentToken.create(
      { tokenId: 't1', name: 'edge-1', hostname: 'edge-1.example', tags: ['fleet'], topics: { insert: 'data' } },
      NOW,
      RULES,
    );
    expect(created.data).toEqual({
      tokenId: 't1',
      name: 'edge-1',
      hostname: 'edge-1.example',
      tags: ['fleet'],
      topics: { insert: 'data' },
      uses: 1,
      expiresAt: later(3600).toISOString(),
    });
  });

  it('refuses what the issue bounds: name and pattern both or neither, both SANs, ttl past 30 days, uses out of range', () => {
    const code = (input: Record<string, unknown>) =>
      codeOf(() => EnrolmentToken.create({ tokenId: 't', ...input }, NOW, RULES));
    expect(code({})).toBe('INVALID_NAME');
    expect(code({ name: 'a', namePattern: 'a-*' })).toBe('PARAMETERS_NOT_APPROPRIATE');
    expect(code({ name: 'a', ip: '192.0.2.1', hostname: 'h' })).toBe('PARAMETERS_NOT_APPROPRIATE');
    expect(code({ name: 'a', ttl: MAX_TOKEN_TTL_SECONDS + 1 })).toBe('INVALID_TTL');
    expect(code({ name: 'a', ttl: 59 })).toBe('INVALID_TTL');
    expect(code({ name: 'a', ttl: '3600' })).toBe('INVALID_TTL');
    expect(code({ name: 'a', ttl: null })).toBe('INVALID_TTL');
    expect(code({ name: 'a', uses: 0 })).toBe('INVALID_USES');
    expect(code({ name: 'a', uses: null })).toBe('INVALID_USES');
    expect(code({ name: 'a', uses: 1.5 })).toBe('INVALID_USES');
    expect(code({ namePattern: 'fixed' })).toBe('INVALID_NAME_PATTERN');
    expect(code({ name: 'server' })).toBe('RESERVED_NAME');
    expect(code({ name: 'a', validity: '366d' })).toBe('INVALID_VALIDITY');
    expect(code({ name: 'a', validity: '4m' })).toBe('INVALID_VALIDITY');
    expect(code({ name: 'a', validity: 365 })).toBe('INVALID_VALIDITY');
    expect(code({ name: 'a', validity: null })).toBe('INVALID_VALIDITY');
    expect(code({ name: 'a', validityDays: 30 } as never)).toBeUndefined();
    expect(code({ name: 'a', ttl: MAX_TOKEN_TTL_SECONDS, uses: 1000, validity: '365d' })).toBeUndefined();
    expect(code({ name: 'a', validity: '5m' })).toBeUndefined();
  });

  it('records its validity in seconds and hands it to the enrolment as a duration', () => {
    const created = EnrolmentToken.create({ tokenId: 't1', name: 'edge-1', validity: '1440m' }, NOW, RULES);
    expect(created[0].data).toMatchObject({ validitySeconds: 86_400 });
    expect(EnrolmentToken.fromHistory('t1', created).use('c1', {}, NOW).enrolment.validity?.toString()).toBe('1d');
  });

  it('reads a token stored when validity was whole days as the same validity in seconds', () => {
    const stored = { tokenId: 't1', name: 'edge-1', validityDays: 7, uses: 1, expiresAt: later(3600).toISOString() };
    const read = eventRegistry.parse('EnrolmentTokenCreated', 1, stored);
    expect(read.data).toEqual({
      tokenId: 't1',
      name: 'edge-1',
      validitySeconds: 7 * 86_400,
      uses: 1,
      expiresAt: stored.expiresAt,
    });
    expect(EnrolmentToken.fromHistory('t1', [read]).use('c1', {}, NOW).enrolment.validity?.toString()).toBe('7d');
  });

  it('is used up after its uses, each use decided on the state before it', () => {
    const created = EnrolmentToken.create({ tokenId: 't1', namePattern: 'sensor-*', uses: 2, tags: ['t'] }, NOW, RULES);
    let t = EnrolmentToken.fromHistory('t1', created);
    const first = t.use('c1', { name: 'sensor-1' }, NOW);
    expect(first.enrolment).toEqual({ name: 'sensor-1', tags: ['t'] });
    t = EnrolmentToken.fromHistory('t1', [...created, ...first.events]);
    expect(t.usesLeft).toBe(1);
    const second = t.use('c2', { name: 'sensor-2' }, NOW);
    t = EnrolmentToken.fromHistory('t1', [...created, ...first.events, ...second.events]);
    expect(t.usesLeft).toBe(0);
    expect(t.status(NOW)).toBe('used');
    expect(codeOf(() => t.use('c3', { name: 'sensor-3' }, NOW))).toBe('ENROLMENT_TOKEN_USED_UP');
  });

  it('refuses a use once expired, once revoked, or for a name it does not allow', () => {
    const created = EnrolmentToken.create({ tokenId: 't1', name: 'edge-1', ttl: 60 }, NOW, RULES);
    const t = EnrolmentToken.fromHistory('t1', created);
    expect(codeOf(() => t.use('c', {}, later(60)))).toBe('ENROLMENT_TOKEN_EXPIRED');
    expect(t.use('c', {}, later(59)).enrolment.name).toBe('edge-1');
    expect(codeOf(() => t.use('c', { name: 'edge-2' }, NOW))).toBe('ENROLMENT_TOKEN_NOT_ALLOWED');
    const revoked = EnrolmentToken.fromHistory('t1', [...created, ...t.revoke()]);
    expect(codeOf(() => revoked.use('c', {}, NOW))).toBe('ENROLMENT_TOKEN_REVOKED');
    expect(revoked.revoke()).toEqual([]);
    const pattern = EnrolmentToken.fromHistory(
      't1',
      EnrolmentToken.create({ tokenId: 't1', namePattern: 'sensor-*' }, NOW, RULES),
    );
    expect(codeOf(() => pattern.use('c', {}, NOW))).toBe('ENROLMENT_TOKEN_NOT_ALLOWED');
    expect(codeOf(() => pattern.use('c', { name: 'other-1' }, NOW))).toBe('ENROLMENT_TOKEN_NOT_ALLOWED');
    expect(codeOf(() => pattern.use('c', { name: 42 }, NOW))).toBe('ENROLMENT_TOKEN_NOT_ALLOWED');
  });

  it('records the profile it names (not the default one), and a use asking for another profile is refused', () => {
    const mesh = {
      name: 'mesh',
      profile: { ...DEFAULT_PROFILE, sans: { dns: { max: 1, patterns: ['*.svc.example'] } } },
    };
    const created = EnrolmentToken.create({ tokenId: 't1', namePattern: 'srv-*', profile: mesh }, NOW, RULES);
    expect(created[0].data).toMatchObject({ profile: 'mesh' });
    const t = EnrolmentToken.fromHistory('t1', created);
    expect(t.use('c', { name: 'srv-1' }, NOW).enrolment.profile).toBe('mesh');
    expect(t.use('c', { name: 'srv-1', profile: 'mesh' }, NOW).enrolment.profile).toBe('mesh');
    expect(codeOf(() => t.use('c', { name: 'srv-1', profile: 'default' }, NOW))).toBe('ENROLMENT_TOKEN_NOT_ALLOWED');
    const plain = EnrolmentToken.fromHistory(
      't2',
      EnrolmentToken.create(
        { tokenId: 't2', name: 'dev', profile: { name: 'default', profile: DEFAULT_PROFILE } },
        NOW,
        RULES,
      ),
    );
    expect(plain.grant.profile).toBeUndefined();
    expect(plain.use('c', { profile: 'default' }, NOW).enrolment.profile).toBeUndefined();
    expect(codeOf(() => plain.use('c', { profile: 'mesh' }, NOW))).toBe('ENROLMENT_TOKEN_NOT_ALLOWED');
    // A SAN its profile does not allow would fail every use: refused at creation.
    const withSan = (hostname: string, ip?: string) =>
      codeOf(() => EnrolmentToken.create({ tokenId: 't3', name: 'srv-1', hostname, ip, profile: mesh }, NOW, RULES));
    expect(withSan('a.svc.example')).toBeUndefined();
    expect(withSan('a.other.example')).toBe('SAN_PATTERN_MISMATCH');
  });

  it('makes tokens of 256 random bits whose digest is all that identifies them', () => {
    const a = newEnrolmentToken();
    expect(a).toMatch(/^cpet_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(newEnrolmentToken());
    expect(enrolmentTokenDigest(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(enrolmentTokenDigest(a)).not.toContain(a.slice(5, 20));
  });
});
