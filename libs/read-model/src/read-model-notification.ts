/**
 * The projector's commits told to readers in other processes over Postgres LISTEN/NOTIFY: an api
 * process without a projector of its own learns that a stream's read models changed the moment
 * the projector's transaction commits (a NOTIFY inside it is delivered on commit, never before,
 * never for a rollback), instead of finding out at its next poll.
 */
export const READ_MODEL_CHANNEL = 'certplane_read_models';

/** Postgres refuses payloads of 8000 bytes or more; stream ids and type names are ASCII. */
const MAX_PAYLOAD = 7900;

export interface ReadModelChange {
  streamIds: string[];
  /** Absent when the projector could not say which event types it applied (a catch-up). */
  typesByStream?: Map<string, Set<string>>;
}

/** One or more payloads that together say what one commit changed; each stands on its own. */
export function notificationPayloads(
  streamIds: Iterable<string>,
  typesByStream?: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  const entries = [...streamIds].map((id) =>
    JSON.stringify(typesByStream ? [id, [...(typesByStream.get(id) ?? [])]] : [id]),
  );
  const payloads: string[] = [];
  let chunk: string[] = [];
  let size = 2;
  for (const entry of entries) {
    if (entry.length + 2 > MAX_PAYLOAD)
      throw new RangeError(`a read model change of ${entry.length} bytes does not fit one notification`);
    if (size + entry.length + 1 > MAX_PAYLOAD) {
      payloads.push(`[${chunk.join(',')}]`);
      chunk = [];
      size = 2;
    }
    chunk.push(entry);
    size += entry.length + 1;
  }
  if (chunk.length > 0) payloads.push(`[${chunk.join(',')}]`);
  return payloads;
}

/**
 * Reads one payload; anything else on the channel is refused with undefined (the caller then wakes
 * every reader: a spurious wake costs a read, a missed one a wait).
 */
export function parseNotification(payload: string): ReadModelChange | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const streamIds: string[] = [];
  const typesByStream = new Map<string, Set<string>>();
  let typed = true;
  for (const entry of parsed) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || entry.length > 2) return undefined;
    const [id, types] = entry as [string, unknown];
    streamIds.push(id);
    if (types === undefined) typed = false;
    else if (Array.isArray(types) && types.every((t) => typeof t === 'string'))
      typesByStream.set(id, new Set([...(typesByStream.get(id) ?? []), ...types]));
    else return undefined;
  }
  return typed ? { streamIds, typesByStream } : { streamIds };
}
