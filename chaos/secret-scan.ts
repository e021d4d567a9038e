import { jetstreamManager } from '@nats-io/jetstream';
import { Client as PgClient } from 'pg';
import { withNats } from '../test/support/nats-admin';

export interface Secret {
  kind: 'private key' | 'api token' | 'encryption key' | 'tunnel authToken' | 'details secret';
  /** What is searched for: the secret itself, or for a PEM key the run of base64 that holds the private scalar. */
  needle: string;
}

export interface Haystack {
  where: string;
  text: string;
}

/**
 * The part of a PKCS#8 P-256 key that is secret: its first 36 DER bytes (48 base64 characters)
 * are the same for every key, the 32 bytes after them are the private scalar.
 */
export function privateKeyNeedle(pem: string): string {
  const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return body.slice(48, 88);
}

/**
 * Line breaks dropped, escaped ones too: a PEM logged as a JSON string has "\n" between its
 * base64 lines, which must not hide it.
 */
const normalise = (text: string) => text.replace(/\\r|\\n|\r|\n/g, '');

/** Which secrets appear where; each secret counted once however often it appears. */
export function scanForSecrets(
  secrets: Secret[],
  haystacks: Haystack[],
): Array<{ kind: string; where: string[]; context: string }> {
  const normalised = haystacks.map((h) => ({ where: h.where, text: normalise(h.text) }));
  const found: Array<{ kind: string; where: string[]; context: string }> = [];
  for (const s of secrets) {
    if (s.needle.length < 16)
      throw new Error(`a ${s.kind} of ${s.needle.length} characters is too short to search for`);
    const hits = normalised.filter((h) => h.text.includes(s.needle));
    if (hits.length === 0) continue;
    // Where it sat, with the secret itself masked, so the report shows the leak without repeating it.
    const text = hits[0].text;
    const i = text.indexOf(s.needle);
    const context = (
      text.slice(Math.max(0, i - 200), i) +
      '<' +
      s.kind +
      '>' +
      text.slice(i + s.needle.length, i + s.needle.length + 100)
    ).replace(/\s+/g, ' ');
    found.push({ kind: s.kind, where: hits.map((h) => h.where), context });
  }
  return found;
}

/** Every stored event, outbox row and dead letter, as text. */
export async function storedHaystacks(db: PgClient): Promise<Haystack[]> {
  const text = async (where: string, sql: string) => ({
    where,
    text: (await db.query(sql)).rows.map((r) => r.t as string).join('\n'),
  });
  return [
    await text('events', `SELECT type || ' ' || data::text || ' ' || metadata::text AS t FROM events`),
    await text('outbox', `SELECT to_jsonb(o)::text AS t FROM outbox o`),
    await text(
      'dead_letters',
      `SELECT headers::text || ' ' || convert_from(payload, 'UTF8') || ' ' || error AS t FROM dead_letters`,
    ),
  ];
}

/**
 * Every message on the stream, headers and payload, fetched one by one by sequence: no consumer,
 * so nothing depends on delivery (a stream the run deleted and the apps made again is read as it is).
 */
export function publishedHaystack(servers: string, streamName: string): Promise<Haystack> {
  return withNats(servers, async (nc) => {
    const jsm = await jetstreamManager(nc);
    const { first_seq: first, last_seq: last, messages } = (await jsm.streams.info(streamName)).state;
    const parts: string[] = [];
    for (let seq = first; messages > 0 && seq <= last; seq++) {
      const m = await jsm.streams.getMessage(streamName, { seq }).catch(() => null);
      if (!m) continue; // deleted or dropped: nothing to scan
      parts.push(`${m.subject} ${JSON.stringify(m.header ? [...m.header] : [])} ${new TextDecoder().decode(m.data)}`);
    }
    return { where: `stream ${streamName}`, text: parts.join('\n') };
  });
}
