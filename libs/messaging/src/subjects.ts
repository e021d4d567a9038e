import { MessagingError } from './messaging.errors';

export { subjectMatches } from './subject-matcher';

export const HEADERS = {
  eventType: 'Certplane-Event-Type',
  eventVersion: 'Certplane-Event-Version',
  streamId: 'Certplane-Stream-Id',
  streamVersion: 'Certplane-Stream-Version',
  correlationId: 'Certplane-Correlation-Id',
  causationId: 'Certplane-Causation-Id',
} as const;

// Anything that would change how NATS tokenises or matches the subject.
const FORBIDDEN_IN_TOKEN = /[\s.*>\u0000-\u001f\u007f]/;

function assertToken(kind: string, token: string): void {
  if (typeof token !== 'string' || token.length === 0 || FORBIDDEN_IN_TOKEN.test(token)) {
    throw new MessagingError(
      `invalid ${kind} ${JSON.stringify(token)}: must be non-empty without whitespace, '.', '*' or '>'`,
    );
  }
}

/** A literal, publishable subject: non-empty tokens, no wildcards. */
export function assertSubject(kind: string, subject: string): void {
  if (typeof subject !== 'string' || subject.length === 0) {
    throw new MessagingError(`invalid ${kind} ${JSON.stringify(subject)}: empty`);
  }
  for (const token of subject.split('.')) {
    if (token.length === 0 || FORBIDDEN_IN_TOKEN.test(token)) {
      throw new MessagingError(
        `invalid ${kind} ${JSON.stringify(subject)}: tokens must be non-empty without whitespace or wildcards`,
      );
    }
  }
}

/** A subscription filter: like a subject, but whole-token `*` and a trailing `>` are allowed. */
export function assertFilter(filter: string): void {
  if (typeof filter !== 'string' || filter.length === 0) {
    throw new MessagingError(`invalid filter subject ${JSON.stringify(filter)}: empty`);
  }
  const tokens = filter.split('.');
  tokens.forEach((token, i) => {
    if (token === '*' || (token === '>' && i === tokens.length - 1)) {
      return;
    }
    if (token.length === 0 || FORBIDDEN_IN_TOKEN.test(token)) {
      throw new MessagingError(`invalid filter subject ${JSON.stringify(filter)}: bad token ${JSON.stringify(token)}`);
    }
  });
}

export function eventSubject(prefix: string, category: string, eventType: string): string {
  assertSubject('subject prefix', prefix);
  assertToken('event category', category);
  assertToken('event type', eventType);
  return `${prefix}.${category}.${eventType}`;
}

/**
 * The narrowest single filter covering all of `filters`: token-wise literal
 * where they agree, `*` where they differ (same length, no `>`), otherwise the
 * common literal prefix followed by `>`. Undefined means "everything".
 */
export function coveringFilter(filters: string[]): string | undefined {
  if (filters.length === 0) {
    return undefined;
  }
  const unique = [...new Set(filters)];
  if (unique.length === 1) {
    return unique[0];
  }
  const split = unique.map((f) => f.split('.'));
  const sameShape = split.every((t) => t.length === split[0].length && !t.includes('>'));
  if (sameShape) {
    return split[0].map((token, i) => (split.every((t) => t[i] === token) ? token : '*')).join('.');
  }
  const prefix: string[] = [];
  const shortest = Math.min(...split.map((t) => t.length));
  for (let i = 0; i < shortest; i++) {
    const token = split[0][i];
    if (token === '>' || !split.every((t) => t[i] === token)) {
      break;
    }
    prefix.push(token);
  }
  // The covering `>` needs at least one token after the prefix; if some
  // filter ends exactly at the prefix we must drop back one token.
  while (prefix.length > 0 && split.some((t) => t.length === prefix.length)) {
    prefix.pop();
  }
  return prefix.length === 0 ? undefined : [...prefix, '>'].join('.');
}
