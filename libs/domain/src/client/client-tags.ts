import { InvalidTagsError } from './client.errors';

export type Tags = string[];

// Tags are filter keys (`GET /clients?tag=`), so they stay plain: "env=prod", "team/payments", "edge".
const TAG_PATTERN = /^[A-Za-z0-9_.:=/-]{1,64}$/;
export const MAX_TAGS = 32;

/** Returns a copy in the given order; duplicates are refused, not merged, so what is stored is what was sent. */
export function assertValidTags(tags: unknown): Tags {
  if (!Array.isArray(tags)) throw new InvalidTagsError('tags must be an array of strings');
  if (tags.length > MAX_TAGS) throw new InvalidTagsError(`at most ${MAX_TAGS} tags are allowed`);
  const seen = new Set<string>();
  for (const tag of tags) {
    if (typeof tag !== 'string' || !TAG_PATTERN.test(tag))
      throw new InvalidTagsError('each tag must be 1-64 characters of A-Z a-z 0-9 _ . : = / -');
    if (seen.has(tag)) throw new InvalidTagsError(`the tag "${tag}" is given twice`);
    seen.add(tag);
  }
  return [...tags];
}
