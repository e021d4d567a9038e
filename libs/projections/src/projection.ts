import { Tx } from '@certplane/persistence';
import { StoredEvent } from '@certplane/event-store';

/**
 * A read model built from one stream category. Every event of the category passes through
 * apply (types it ignores still advance the stream's checkpoint), in stream order, exactly once.
 */
export interface Projection {
  readonly name: string;
  readonly category: string;
  /** The tables it owns; a rebuild empties them. */
  readonly tables: readonly string[];
  apply(tx: Tx, event: StoredEvent): Promise<void>;
  /**
   * Same effect as apply on each event of each stream in turn, in fewer statements: each inner
   * array is one stream's events in stream order, and no stream appears twice.
   */
  applyAll?(tx: Tx, streams: StoredEvent[][]): Promise<void>;
}

/**
 * The k-th round holds the k-th event of every stream that has one: within a round every event
 * touches a different stream, so a round's events may share a statement in any order, and running
 * the rounds in turn keeps each stream's order.
 */
export function rounds(streams: StoredEvent[][]): StoredEvent[][] {
  const out: StoredEvent[][] = [];
  for (const events of streams) events.forEach((e, k) => (out[k] ??= []).push(e));
  return out;
}
