import { InvalidTopicsError, UnknownTopicError } from './client.errors';

export type Topics = Record<string, string>;

const KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_TOPICS = 32;

/**
 * The topics a deployment serves, when it answers details per topic: every topic a client names
 * must be one of them, and a role becomes a key of the details answer, so it may not be one of the
 * answer's own keys.
 */
export interface TopicCatalog {
  topics: ReadonlySet<string>;
  reservedRoles: readonly string[];
}

export const TOPIC_NAME_PATTERN = /^[A-Za-z0-9_.:-]{1,255}$/;

/** Topics are role → topic name (e.g. insert → data); returned verbatim in details, so keep them plain. */
export function assertValidTopics(topics: unknown, catalog?: TopicCatalog): asserts topics is Topics {
  if (typeof topics !== 'object' || topics === null || Array.isArray(topics))
    throw new InvalidTopicsError('topics must be an object of role → topic name');
  const entries = Object.entries(topics);
  if (entries.length === 0) throw new InvalidTopicsError('topics must name at least one topic');
  if (entries.length > MAX_TOPICS) throw new InvalidTopicsError(`topics may name at most ${MAX_TOPICS} topics`);
  for (const [key, value] of entries) {
    if (!KEY_PATTERN.test(key))
      throw new InvalidTopicsError('each topics key must be 1-64 characters of A-Z a-z 0-9 _ -');
    if (typeof value !== 'string' || !TOPIC_NAME_PATTERN.test(value))
      throw new InvalidTopicsError(`topics.${key} must be a topic name of 1-255 characters of A-Z a-z 0-9 _ . : -`);
    if (catalog?.reservedRoles.includes(key))
      throw new InvalidTopicsError(`the role "${key}" is a key of the details answer itself: name it otherwise`);
  }
  // Only topics that are well formed are looked up: a malformed one is INVALID_TOPICS whatever its place.
  for (const [key, value] of entries) {
    if (catalog && !catalog.topics.has(value as string)) throw new UnknownTopicError(key, value as string);
  }
}
