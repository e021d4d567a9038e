import { ValidationError } from '../shared/domain-error';
import { assertValidClientName } from '../client/client-name';

/** A pattern stands for client names, so it is one with `*`s in it. */
const PATTERN_CHARS = /^[A-Za-z0-9_.:*-]{1,128}$/;
const NAME_CHAR = /^[A-Za-z0-9_.:-]$/;
export const MAX_PATTERN_WILDCARDS = 4;

/**
 * A name pattern: a client name in which each `*` stands for one or more name characters
 * (`sensor-*`, `*.plant-7`, `rack-*-node-*`). At least one and at most four `*`, never two side
 * by side (`**` could only mean what `*` means).
 */
export function assertValidNamePattern(pattern: unknown): asserts pattern is string {
  const bad = (why: string) => new ValidationError('INVALID_NAME_PATTERN', `namePattern ${why}`);
  if (typeof pattern !== 'string' || !PATTERN_CHARS.test(pattern))
    throw bad('must be 1-128 characters of A-Z a-z 0-9 _ . : - and *');
  const wildcards = pattern.split('*').length - 1;
  if (wildcards === 0) throw bad('must contain a * (for a fixed name give name)');
  if (wildcards > MAX_PATTERN_WILDCARDS) throw bad(`may contain at most ${MAX_PATTERN_WILDCARDS} *`);
  if (pattern.includes('**')) throw bad('must not contain ** ');
}

/**
 * Whether a valid client name is one the valid pattern stands for. Matched by dynamic programming
 * over (pattern, name) positions, not a regular expression: a backtracking regex for `*a*a*a*b`
 * against a long name takes polynomial time of high degree; this takes at most 129 × 129 steps.
 */
export function nameMatchesPattern(name: string, pattern: string): boolean {
  // row[j]: the pattern's first i characters match the name's first j.
  let row = Array.from({ length: name.length + 1 }, (_, j) => j === 0);
  for (const p of pattern) {
    const next = new Array<boolean>(name.length + 1).fill(false);
    for (let j = 1; j <= name.length; j++) {
      // `*` takes the name's j-th character as its first (row[j-1]) or as one more (next[j-1]).
      next[j] =
        p === '*' ? (row[j - 1] || next[j - 1]) && NAME_CHAR.test(name[j - 1]) : row[j - 1] && name[j - 1] === p;
    }
    row = next;
  }
  return row[name.length];
}

/** A name the pattern stands for and that is itself a valid client name (not reserved, not too long). */
export function isNameAllowedByPattern(name: string, pattern: string): boolean {
  try {
    assertValidClientName(name);
  } catch {
    return false;
  }
  return nameMatchesPattern(name, pattern);
}
