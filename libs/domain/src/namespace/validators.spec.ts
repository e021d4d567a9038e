import fc from 'fast-check';
import { assertDns1123Label, isDns1123Label } from './dns-1123-label';
import { assertCreatableNamespaceName, isReservedNamespace } from './namespace-name';
import { assertValidAnnotations, assertValidLabels, isQualifiedName, UPLINK_LABEL_KEY } from './labels';
import { DomainError } from '../shared/domain-error';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof DomainError ? e.code : 'NOT_A_DOMAIN_ERROR';
  }
};
const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''));
const inner = fc.constantFrom(...'abz09-'.split(''));
/** Every DNS-1123 label: an alphanumeric, then up to 61 of [a-z0-9-], then an alphanumeric. */
const dnsLabel = fc.oneof(
  alnum,
  fc.tuple(alnum, fc.string({ unit: inner, maxLength: 61 }), alnum).map(([a, m, b]) => a + m + b),
);

describe('DNS-1123 label rule', () => {
  it('accepts every label built from the grammar', () => {
    fc.assert(
      fc.property(dnsLabel, (l) => isDns1123Label(l) && codeOf(() => assertDns1123Label(l, 'name', 'X')) === undefined),
    );
  });

  it('rejects labels with any character outside a-z 0-9 -', () => {
    fc.assert(
      fc.property(
        dnsLabel,
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }).filter((c) => !/[a-z0-9-]/.test(c)),
        (l, at, bad) => {
          const i = at % (l.length + 1);
          return codeOf(() => assertDns1123Label(l.slice(0, i) + bad + l.slice(i), 'name', 'X')) === 'X';
        },
      ),
    );
  });

  it('rejects a leading or trailing dash, upper case, the empty string and 64+ characters', () => {
    fc.assert(fc.property(dnsLabel, (l) => !isDns1123Label('-' + l) && !isDns1123Label(l + '-')));
    fc.assert(
      fc.property(
        dnsLabel.filter((l) => /[a-z]/.test(l)),
        (l) => !isDns1123Label(l.toUpperCase()),
      ),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 64, max: 300 }),
        (n) => codeOf(() => assertDns1123Label('a'.repeat(n), 'name', 'X')) === 'X',
      ),
    );
    expect(isDns1123Label('a'.repeat(63))).toBe(true);
    expect(codeOf(() => assertDns1123Label('', 'name', 'X'))).toBe('X');
    expect(codeOf(() => assertDns1123Label('a.b', 'name', 'X'))).toBe('X');
  });

  it('never throws anything but its code for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => [undefined, 'X'].includes(codeOf(() => assertDns1123Label(v, 'name', 'X')))),
    );
  });
});

describe('namespace names', () => {
  it('refuses reserved names, the kube- prefix and the configured ones', () => {
    for (const n of ['kube-system', 'kube-public', 'kube-anything', 'certplane'])
      expect(codeOf(() => assertCreatableNamespaceName(n))).toBe('RESERVED_NAMESPACE');
    expect(codeOf(() => assertCreatableNamespaceName('inlets', ['inlets']))).toBe('RESERVED_NAMESPACE');
    expect(codeOf(() => assertCreatableNamespaceName('tenant-1', ['inlets']))).toBeUndefined();
    expect(codeOf(() => assertCreatableNamespaceName('Tenant'))).toBe('INVALID_NAMESPACE');
    fc.assert(
      fc.property(
        dnsLabel.filter((l) => !isReservedNamespace(l)),
        (l) => codeOf(() => assertCreatableNamespaceName(l)) === undefined,
      ),
    );
  });
});

describe('labels and annotations', () => {
  it('adds certplane.io/uplink=1 and refuses to have it overridden', () => {
    expect(assertValidLabels(undefined)).toEqual({ [UPLINK_LABEL_KEY]: '1' });
    expect(assertValidLabels({ team: 'a', 'example.com/tier': 'gold-1' })).toEqual({
      team: 'a',
      'example.com/tier': 'gold-1',
      [UPLINK_LABEL_KEY]: '1',
    });
    expect(assertValidLabels({ [UPLINK_LABEL_KEY]: '1' })).toEqual({ [UPLINK_LABEL_KEY]: '1' });
    expect(codeOf(() => assertValidLabels({ [UPLINK_LABEL_KEY]: '0' }))).toBe('INVALID_LABELS');
  });

  it('follows the Kubernetes key and value rules', () => {
    for (const key of ['a', 'a.b_c-d', 'example.com/x', 'a'.repeat(63)]) expect(isQualifiedName(key)).toBe(true);
    for (const key of ['', '-a', 'a-', '/a', 'Example.com/a', 'a/b/c', 'a'.repeat(64), '__proto__'])
      expect(isQualifiedName(key)).toBe(false);
    expect(codeOf(() => assertValidLabels({ a: 'has space' }))).toBe('INVALID_LABELS');
    expect(codeOf(() => assertValidLabels({ a: 1 }))).toBe('INVALID_LABELS');
    expect(codeOf(() => assertValidLabels({ a: '' }))).toBeUndefined();
    expect(codeOf(() => assertValidLabels([]))).toBe('INVALID_LABELS');
    expect(
      codeOf(() => assertValidAnnotations({ 'example.com/note': 'any text, even with spaces: ok' })),
    ).toBeUndefined();
    expect(codeOf(() => assertValidAnnotations({ note: 5 }))).toBe('INVALID_ANNOTATIONS');
    expect(codeOf(() => assertValidAnnotations({ 'bad key': 'x' }))).toBe('INVALID_ANNOTATIONS');
  });

  it('never throws anything but its code for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => [undefined, 'INVALID_LABELS'].includes(codeOf(() => assertValidLabels(v)))),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) =>
        [undefined, 'INVALID_ANNOTATIONS'].includes(codeOf(() => assertValidAnnotations(v))),
      ),
    );
  });
});
