import { loadConfig, DEFAULT_TOPIC_ENDPOINTS } from './certplane-config';
import { ConfigError } from './config.errors';

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.natsUrl).toBeUndefined();
    expect(c.topicEndpoints).toEqual(DEFAULT_TOPIC_ENDPOINTS);
    expect(c.nats).toEqual({ stream: 'certplane-events', subjectPrefix: 'certplane.events' });
  });

  it.each([
    ['PORT', 'eighty', 'PORT'],
    ['PORT', '70000', 'PORT'],
    ['DATABASE_URL', 'not a url', 'DATABASE_URL'],
    ['CERTPLANE_API_TOKEN', 'short', 'CERTPLANE_API_TOKEN'],
    ['CERTPLANE_NATS_SUBJECT_PREFIX', 'a..b', 'CERTPLANE_NATS_SUBJECT_PREFIX'],
    ['CERTPLANE_NATS_STREAM', 'has space', 'CERTPLANE_NATS_STREAM'],
    ['CERTPLANE_TOPIC_ENDPOINTS', '[1,2]', 'CERTPLANE_TOPIC_ENDPOINTS'],
    ['CERTPLANE_TOPIC_ENDPOINTS', '{"cert":1}', 'CERTPLANE_TOPIC_ENDPOINTS'],
    ['CERTPLANE_MIGRATE_ON_START', 'yes', 'CERTPLANE_MIGRATE_ON_START'],
    ['CERTPLANE_CA_CERT_FILE', '/tmp/ca.pem', 'CERTPLANE_CA_KEY_FILE'],
  ])('rejects %s=%s naming %s', (key, value, named) => {
    expect(() => loadConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [key]: value })).toThrow(new RegExp(`^Invalid configuration: ${named} `));
  });

  it('never echoes a rejected secret value', () => {
    try {
      loadConfig({ CERTPLANE_API_TOKEN: 'sekrit' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as Error).message).not.toContain('sekrit');
    }
  });

  it('takes topic endpoints verbatim from JSON', () => {
    const endpoints = { insert: { insert: ['h:1'] }, query: ['h:2'] };
    expect(loadConfig({ CERTPLANE_TOPIC_ENDPOINTS: JSON.stringify(endpoints) }).topicEndpoints).toEqual(endpoints);
  });
});
