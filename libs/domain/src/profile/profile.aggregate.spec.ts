import fc from 'fast-check';
import { assertValidProfile, CertificateProfile, profileCommonName } from './certificate-profile';
import { DEFAULT_PROFILE } from './default-profile';
import { Profile } from './profile.aggregate';
import { assertSansAllowedBy, assertValidSanEntries, sanMatches } from './san-entries';

const SERVER: CertificateProfile = assertValidProfile({
  keyTypes: ['ec-p384', 'rsa-3072'],
  extendedKeyUsages: ['serverAuth'],
  sans: {
    dns: { max: 3, patterns: ['*.svc.example.com'] },
    uri: { max: 1, patterns: ['spiffe://example.org/ns/*/sa/*'] },
    ip: { max: 1, patterns: ['10.0.0.0/8'] },
  },
  subject: { commonName: 'svc-{name}', extra: [{ type: 'O', value: 'Example' }] },
  validity: '30d',
  maxValidity: '90d',
});

describe('Profile', () => {
  it('defines, changes only when the content differs, and deletes', () => {
    const [defined] = Profile.define('p1', 'server', SERVER);
    const profile = Profile.fromHistory('p1', [defined]);
    expect(profile.change({ ...SERVER })).toEqual([]);
    const changed = profile.change({ ...SERVER, validity: '7d' });
    expect(changed).toHaveLength(1);
    const after = Profile.fromHistory('p1', [defined, ...changed]);
    expect(after.profile.validity).toBe('7d');
    expect(after.version).toBe(2);
    const deleted = Profile.fromHistory('p1', [defined, ...changed, ...after.delete()]);
    expect(() => deleted.delete()).toThrow(expect.objectContaining({ code: 'PROFILE_NOT_FOUND' }));
  });

  it('patches: a field given replaces it, null removes an optional one, the result is checked and recorded whole', () => {
    const [defined] = Profile.define('p1', 'server', SERVER);
    const profile = Profile.fromHistory('p1', [defined]);
    expect(profile.patch({})).toEqual([]);
    expect(profile.patch({ validity: '30d' })).toEqual([]);
    const [changed] = profile.patch({ extendedKeyUsages: ['clientAuth'], maxValidity: null });
    expect(changed.type).toBe('ProfileChanged');
    const { maxValidity: _, ...rest } = SERVER;
    expect((changed.data as { profile: unknown }).profile).toEqual({ ...rest, extendedKeyUsages: ['clientAuth'] });
    expect(Profile.fromHistory('p1', [defined, changed]).patch({ sans: null })).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ profile: expect.objectContaining({ sans: {} }) }) }),
    ]);
    const code = (changes: Record<string, unknown>) => {
      try {
        profile.patch(changes);
        return undefined;
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    expect(code({ keyTypes: null })).toBe('INVALID_PROFILE');
    expect(code({ keyTypes: [] })).toBe('INVALID_PROFILE');
    expect(code({ validity: '100d' })).toBe('INVALID_PROFILE');
    expect(code({ subject: { commonName: '{id}' } })).toBe('INVALID_PROFILE');
    const deleted = Profile.fromHistory('p1', [defined, ...profile.delete()]);
    expect(() => deleted.patch({ validity: '1d' })).toThrow(expect.objectContaining({ code: 'PROFILE_NOT_FOUND' }));
  });

  it('refuses the built-in name and bad names', () => {
    expect(() => Profile.define('p', 'default', SERVER)).toThrow(
      expect.objectContaining({ code: 'DEFAULT_PROFILE_READ_ONLY' }),
    );
    expect(() => Profile.define('p', 'Bad Name', SERVER)).toThrow(
      expect.objectContaining({ code: 'INVALID_PROFILE_NAME' }),
    );
  });

  it.each([
    ['no key types', { ...SERVER, keyTypes: [] }],
    ['an unknown key type', { ...SERVER, keyTypes: ['dsa-1024'] }],
    ['a repeated usage', { ...SERVER, extendedKeyUsages: ['serverAuth', 'serverAuth'] }],
    ['an unknown field', { ...SERVER, ca: true }],
    ['a wildcard in an IP pattern', { ...SERVER, sans: { ip: { max: 1, patterns: ['10.*.0.1'] } } }],
    ['a relative URI pattern', { ...SERVER, sans: { uri: { max: 1, patterns: ['/ns/*'] } } }],
    ['another placeholder', { ...SERVER, subject: { commonName: '{id}' } }],
    ['a bad validity', { ...SERVER, validity: '1y' }],
    ['a maximum below the validity', { ...SERVER, validity: '30d', maxValidity: '1d' }],
  ])('refuses %s with INVALID_PROFILE', (_, input) => {
    expect(() => assertValidProfile(input)).toThrow(expect.objectContaining({ code: 'INVALID_PROFILE' }));
  });

  it('accepts the default profile as it is, with its CN template', () => {
    expect(assertValidProfile(DEFAULT_PROFILE)).toEqual(DEFAULT_PROFILE);
    expect(profileCommonName(DEFAULT_PROFILE, 'alice')).toBe('user-alice');
  });
});

describe('SAN entries under a profile', () => {
  const entries = (list: unknown) => assertValidSanEntries(list);

  it('canonicalises and admits what the profile allows', () => {
    const sans = entries([
      { type: 'dns', value: 'A.svc.example.com' },
      { type: 'uri', value: 'spiffe://example.org/ns/prod/sa/web' },
      { type: 'ip', value: '10.1.2.3' },
    ]);
    expect(sans[0].value).toBe('a.svc.example.com');
    expect(() => assertSansAllowedBy(SERVER, 'server', sans)).not.toThrow();
  });

  it.each([
    ['TOO_MANY_SANS', ['a', 'b', 'c', 'd'].map((l) => ({ type: 'dns', value: `${l}.svc.example.com` }))],
    ['SAN_PATTERN_MISMATCH', [{ type: 'dns', value: 'a.b.svc.example.com' }]],
    ['SAN_PATTERN_MISMATCH', [{ type: 'uri', value: 'spiffe://other.org/ns/a/sa/b' }]],
    ['SAN_PATTERN_MISMATCH', [{ type: 'ip', value: '192.168.0.1' }]],
    ['SAN_KIND_NOT_ALLOWED', [{ type: 'email', value: 'a@example.com' }]],
  ])('refuses with %s', (code, list) => {
    expect(() => assertSansAllowedBy(SERVER, 'server', entries(list))).toThrow(expect.objectContaining({ code }));
  });

  it.each([
    [{ type: 'dns', value: '*.example.com' }],
    [{ type: 'ip', value: '127.0.0.1' }],
    [{ type: 'uri', value: 'no-scheme' }],
    [{ type: 'uri', value: 'https://exa mple.com/' }],
    [{ type: 'email', value: 'nobody' }],
    [{ type: 'x400', value: 'a' }],
    [{ type: 'dns', value: 'a.example', extra: 1 }],
  ])('refuses %j with INVALID_SANS', (entry) => {
    expect(() => entries([entry])).toThrow(expect.objectContaining({ code: 'INVALID_SANS' }));
  });

  it('refuses the same name twice, whatever its case', () => {
    expect(() =>
      entries([
        { type: 'dns', value: 'a.example' },
        { type: 'dns', value: 'A.EXAMPLE' },
      ]),
    ).toThrow(expect.objectContaining({ code: 'INVALID_SANS' }));
  });

  it('never lets a wildcard cross a label or a path segment', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 2, maxLength: 4 }), (labels) => {
        expect(sanMatches('dns', '*.svc.example.com', `${labels.join('.')}.svc.example.com`)).toBe(false);
        expect(sanMatches('dns', '*.svc.example.com', `${labels[0]}.svc.example.com`)).toBe(true);
        expect(
          sanMatches('uri', 'spiffe://example.org/ns/*/sa/*', `spiffe://example.org/ns/${labels.join('/')}/sa/x`),
        ).toBe(false);
      }),
    );
  });

  it('accepts any list a valid list canonicalises to (a fixed point)', () => {
    const entry = fc.oneof(
      fc.domain().map((value) => ({ type: 'dns', value })),
      fc.webUrl().map((value) => ({ type: 'uri', value })),
      fc.emailAddress().map((value) => ({ type: 'email', value })),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 5 }), (list) => {
        let first;
        try {
          first = entries(list);
        } catch (e) {
          expect((e as { code?: string }).code).toBe('INVALID_SANS');
          return;
        }
        expect(entries(first)).toEqual(first);
      }),
    );
  });
});
