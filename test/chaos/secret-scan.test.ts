import { generateKeyPairSync } from 'node:crypto';
import { privateKeyNeedle, scanForSecrets } from '../../chaos/secret-scan';

/** The chaos run's secret scan must find a leak in the forms logs and events would carry it. */
describe('chaos secret scan', () => {
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;

  it('looks for the private scalar, which the common PKCS#8 prefix does not give away', () => {
    expect(privateKeyNeedle(pem)).toHaveLength(40);
    expect(privateKeyNeedle(pem)).not.toBe(privateKeyNeedle(other));
    expect(pem.replace(/\s+/g, '')).toContain(privateKeyNeedle(pem));
  });

  it('finds a key logged as a JSON string (escaped line breaks), and a token, and says where', () => {
    const found = scanForSecrets(
      [
        { kind: 'private key', needle: privateKeyNeedle(pem) },
        { kind: 'api token', needle: 'chaos-token-0123456789abcdef' },
        { kind: 'private key', needle: privateKeyNeedle(other) },
      ],
      [
        { where: 'log of api#1', text: JSON.stringify({ msg: 'oops', key: pem }) },
        { where: 'events', text: 'Bearer chaos-token-0123456789abcdef' },
      ],
    );
    expect(found.map((f) => [f.kind, f.where])).toEqual([
      ['private key', ['log of api#1']],
      ['api token', ['events']],
    ]);
    expect(found[1].context).not.toContain('chaos-token-0123456789abcdef');
  });
});
