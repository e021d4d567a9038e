import { Tx } from '@certplane/persistence';
import { ProjectedEvent } from './projected-event';

/**
 * A read model built from one stream category. Every event of the category passes through
 * apply (types it ignores still advance the stream's checkpoint), in stream order, exactly once.
 */
export interface Projection {
  readonly name: string;
  readonly category: string;
  /** The tables it owns; a rebuild empties them. */
  readonly tables: readonly string[];
  apply(tx: Tx, event: ProjectedEvent): Promise<void>;
}
