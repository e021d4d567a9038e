import { readFileSync } from 'node:fs';
import { TOPIC_NAME_PATTERN, TopicCatalog } from '@certplane/domain';
import { ConfigError } from './config.errors';

/** A details answer's own keys: no endpoints block and no per-topic role may take one. */
export const RESERVED_DETAILS_KEYS: readonly string[] = ['name', 'topics', 'ca', 'cert', 'key'];

const MAX_ENDPOINTS_PER_TOPIC = 64;
const ENDPOINT_PATTERN = /^[^\s"\\]{1,255}$/;

/**
 * Topic name → the endpoints that serve it (`{"data":["kafka-1:9092"],"requests":["localhost:5050"]}`),
 * from CERTPLANE_ENDPOINTS_BY_TOPIC or the JSON file CERTPLANE_ENDPOINTS_BY_TOPIC_FILE. Absent:
 * details merges CERTPLANE_TOPIC_ENDPOINTS verbatim, as before.
 */
export function parseEndpointsByTopic(
  raw: string | undefined,
  file: string | undefined,
  verbatimSet: boolean,
): Record<string, string[]> | undefined {
  if (raw !== undefined && file !== undefined)
    throw new ConfigError(
      'CERTPLANE_ENDPOINTS_BY_TOPIC_FILE',
      'must not be set together with CERTPLANE_ENDPOINTS_BY_TOPIC',
    );
  const variable = file !== undefined ? 'CERTPLANE_ENDPOINTS_BY_TOPIC_FILE' : 'CERTPLANE_ENDPOINTS_BY_TOPIC';
  let text = raw;
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(
        variable,
        `names a file that cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}: ${file})`,
      );
    }
  }
  if (text === undefined) return undefined;
  if (verbatimSet)
    throw new ConfigError(
      variable,
      'must not be set together with CERTPLANE_TOPIC_ENDPOINTS: details answers either per topic or the same block to every client',
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigError(variable, 'must be a JSON object of topic name → array of endpoints');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ConfigError(variable, 'must be a JSON object of topic name → array of endpoints');
  const byTopic: [string, string[]][] = [];
  for (const [topic, endpoints] of Object.entries(value)) {
    if (!TOPIC_NAME_PATTERN.test(topic))
      throw new ConfigError(
        variable,
        `has a key that is not a topic name (1-255 of A-Z a-z 0-9 _ . : -): "${topic.slice(0, 64)}"`,
      );
    if (!Array.isArray(endpoints) || endpoints.length === 0 || endpoints.length > MAX_ENDPOINTS_PER_TOPIC) {
      throw new ConfigError(
        variable,
        `must map the topic "${topic}" to an array of 1-${MAX_ENDPOINTS_PER_TOPIC} endpoints`,
      );
    }
    for (const endpoint of endpoints) {
      if (typeof endpoint !== 'string' || !ENDPOINT_PATTERN.test(endpoint)) {
        throw new ConfigError(
          variable,
          `must list the endpoints of "${topic}" as strings of 1-255 characters without spaces or quotes (host:port or a URL)`,
        );
      }
    }
    byTopic.push([topic, [...endpoints]]);
  }
  if (byTopic.length === 0) throw new ConfigError(variable, 'must configure at least one topic');
  // Own properties whatever the topic is called: a topic named __proto__ must not become a prototype.
  return Object.fromEntries(byTopic);
}

/** What enrol checks topics against when details answers per topic; undefined otherwise. */
export function topicCatalogOf(endpointsByTopic: Record<string, string[]> | undefined): TopicCatalog | undefined {
  return endpointsByTopic === undefined
    ? undefined
    : { topics: new Set(Object.keys(endpointsByTopic)), reservedRoles: RESERVED_DETAILS_KEYS };
}

/**
 * The details answer's endpoints for a client: each role with the endpoints of its topic, in the
 * client's order. A topic whose endpoints were taken out of the configuration after the client
 * enrolled answers an empty list rather than failing the client's details.
 */
export function endpointsOfTopics(
  topics: Record<string, string>,
  endpointsByTopic: Record<string, string[]>,
): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(topics).map(([role, topic]) => [
      role,
      Object.hasOwn(endpointsByTopic, topic) ? endpointsByTopic[topic] : [],
    ]),
  );
}
