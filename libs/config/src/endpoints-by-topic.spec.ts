import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { assertValidTopics } from '@certplane/domain';
import { loadConfig } from './certplane-config';
import { ConfigError } from './config.errors';
import { endpointsOfTopics, topicCatalogOf } from './endpoints-by-topic';

const topicName = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,40}$/);
const endpoint = fc.tuple(fc.domain(), fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`);
const byTopic = fc.dictionary(topicName, fc.array(endpoint, { minLength: 1, maxLength: 5 }), {
  minKeys: 1,
  maxKeys: 8,
});

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('loadConfig accepted it');
}

describe('CERTPLANE_ENDPOINTS_BY_TOPIC', () => {
  it('is absent by default: details merges the verbatim block', () => {
    expect(loadConfig({}).endpointsByTopic).toBeUndefined();
    expect(topicCatalogOf(undefined)).toBeUndefined();
  });

  it('reads any well-formed map as it is, from the variable and from a file alike', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-ebt-'));
    try {
      fc.assert(
        fc.property(byTopic, (map) => {
          expect(loadConfig({ CERTPLANE_ENDPOINTS_BY_TOPIC: JSON.stringify(map) }).endpointsByTopic).toEqual(map);
          const file = join(dir, 'e.json');
          writeFileSync(file, JSON.stringify(map, null, 2));
          expect(loadConfig({ CERTPLANE_ENDPOINTS_BY_TOPIC_FILE: file }).endpointsByTopic).toEqual(map);
        }),
        { numRuns: 50 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers every role of a client with its topic's endpoints, and accepts at enrol exactly the configured topics", () => {
    fc.assert(
      fc.property(
        byTopic,
        fc.dictionary(fc.stringMatching(/^[a-z]{1,10}$/), topicName, { minKeys: 1, maxKeys: 6 }),
        (map, topics) => {
          const catalog = topicCatalogOf(map)!;
          const reserved = Object.keys(topics).some((role) => catalog.reservedRoles.includes(role));
          const unknown = Object.values(topics).some((t) => !Object.hasOwn(map, t));
          if (reserved)
            expect(() => assertValidTopics(topics, catalog)).toThrow(
              expect.objectContaining({ code: 'INVALID_TOPICS' }),
            );
          else if (unknown)
            expect(() => assertValidTopics(topics, catalog)).toThrow(
              expect.objectContaining({ code: 'UNKNOWN_TOPIC' }),
            );
          else {
            assertValidTopics(topics, catalog);
            const answer = endpointsOfTopics(topics, map);
            expect(Object.keys(answer)).toEqual(Object.keys(topics));
            for (const [role, topic] of Object.entries(topics)) expect(answer[role]).toEqual(map[topic]);
          }
        },
      ),
    );
  });

  it('answers an empty list for a topic taken out of the configuration after the client enrolled', () => {
    expect(endpointsOfTopics({ insert: 'gone', query: 'kept' }, { kept: ['a:1'] })).toEqual({
      insert: [],
      query: ['a:1'],
    });
    // Names an object has by inheritance are not topics.
    expect(endpointsOfTopics({ a: 'constructor', b: 'toString' }, { kept: ['a:1'] })).toEqual({ a: [], b: [] });
  });

  it('keeps a topic named like an object property as a topic of its own', () => {
    const map = loadConfig({
      CERTPLANE_ENDPOINTS_BY_TOPIC: '{"__proto__":["p:1"],"constructor":["c:1"]}',
    }).endpointsByTopic!;
    expect(Object.keys(map)).toEqual(['__proto__', 'constructor']);
    expect(endpointsOfTopics({ x: '__proto__', y: 'constructor' }, map)).toEqual({ x: ['p:1'], y: ['c:1'] });
    expect(() => assertValidTopics({ x: 'toString' }, topicCatalogOf(map))).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_TOPIC' }),
    );
  });

  it.each([
    [{ CERTPLANE_ENDPOINTS_BY_TOPIC: '[1]' }, 'CERTPLANE_ENDPOINTS_BY_TOPIC', /JSON object/],
    [{ CERTPLANE_ENDPOINTS_BY_TOPIC: '{not json' }, 'CERTPLANE_ENDPOINTS_BY_TOPIC', /JSON object/],
    [{ CERTPLANE_ENDPOINTS_BY_TOPIC: '{}' }, 'CERTPLANE_ENDPOINTS_BY_TOPIC', /at least one topic/],
    [{ CERTPLANE_ENDPOINTS_BY_TOPIC: '{"data":[]}' }, 'CERTPLANE_ENDPOINTS_BY_TOPIC', /array of 1-64 endpoints/],
    [{ CERTPLANE_ENDPOINTS_BY_TOPIC: '{"data":"a:1"}' }, 'CERTPLANE_ENDPOINTS_BY_TOPIC', /array of 1-64 endpoints/],
    [{ CERTPLANE_ENDPOINTS_BY_TOPIC: '{"data":["has space:1"]}' }, 'CERTPLANE_ENDPOINTS_BY_TOPIC', /without spaces/],
    [{ CERTPLANE_ENDPOINTS_BY_TOPIC: '{"data":[5]}' }, 'CERTPLANE_ENDPOINTS_BY_TOPIC', /strings/],
    [{ CERTPLANE_ENDPOINTS_BY_TOPIC: '{"bad topic":["a:1"]}' }, 'CERTPLANE_ENDPOINTS_BY_TOPIC', /not a topic name/],
    [
      { CERTPLANE_ENDPOINTS_BY_TOPIC_FILE: '/nonexistent/endpoints.json' },
      'CERTPLANE_ENDPOINTS_BY_TOPIC_FILE',
      /cannot be read \(ENOENT/,
    ],
    [
      { CERTPLANE_ENDPOINTS_BY_TOPIC: '{"a":["b:1"]}', CERTPLANE_ENDPOINTS_BY_TOPIC_FILE: '/x' },
      'CERTPLANE_ENDPOINTS_BY_TOPIC_FILE',
      /together with CERTPLANE_ENDPOINTS_BY_TOPIC/,
    ],
    [
      { CERTPLANE_ENDPOINTS_BY_TOPIC: '{"a":["b:1"]}', CERTPLANE_TOPIC_ENDPOINTS: '{"query":["x:1"]}' },
      'CERTPLANE_ENDPOINTS_BY_TOPIC',
      /together with CERTPLANE_TOPIC_ENDPOINTS/,
    ],
  ])('refuses %j naming %s', (env, variable, why) => {
    const e = configError(env as Record<string, string>);
    expect(e.variable).toBe(variable);
    expect(e.message).toMatch(why);
  });
});
