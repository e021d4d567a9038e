/**
 * NATS subject matching, shared by the in-process bus (which has no server to
 * do it) and the JetStream bus (which filters client-side when a consumer
 * needs several subjects, because nats-server 2.9 accepts only one
 * filter_subject per consumer).
 *
 * `*` matches exactly one token, `>` (only as the last token) one or more.
 * A malformed filter or subject matches nothing rather than throwing: this
 * runs per message, and validation happens once where specs are accepted.
 */
export function subjectMatches(filter: string, subject: string): boolean {
  if (filter === '' || subject === '') {
    return false;
  }
  const f = filter.split('.');
  const s = subject.split('.');
  if (s.some((t) => t === '')) {
    return false;
  }
  for (let i = 0; i < f.length; i++) {
    const token = f[i];
    if (token === '') {
      return false;
    }
    if (token === '>') {
      return i === f.length - 1 && s.length > i;
    }
    if (i >= s.length) {
      return false;
    }
    if (token !== '*' && token !== s[i]) {
      return false;
    }
  }
  return f.length === s.length;
}

/** True when every subject matched by `inner` is also matched by `outer`. */
export function filterIsWithin(inner: string, outer: string): boolean {
  const a = inner.split('.');
  const b = outer.split('.');
  for (let i = 0; i < b.length; i++) {
    const token = b[i];
    if (token === '>') {
      return a.length > i;
    }
    if (i >= a.length) {
      return false;
    }
    if (token === '*') {
      if (a[i] === '>') {
        return false;
      }
      continue;
    }
    if (a[i] !== token) {
      return false;
    }
  }
  return a.length === b.length;
}
