import { eventRegistry, NamespaceCreated, NamespaceDeleted } from '@certplane/domain';
import { Tx } from '@certplane/persistence';
import { Projection } from '../projection';
import { StoredEvent } from '@certplane/event-store';

/** rm_namespaces: one row per live namespace, removed when it is deleted. */
export class NamespaceProjection implements Projection {
  readonly name = 'namespaces';
  readonly category = 'namespace';
  readonly tables = ['rm_namespaces'];

  async apply(tx: Tx, e: StoredEvent): Promise<void> {
    switch (e.type) {
      case 'NamespaceCreated': {
        const d = eventRegistry.dataOf(NamespaceCreated, e);
        await tx.query(
          `INSERT INTO rm_namespaces (namespace_id, name, labels, annotations, created_at) VALUES ($1, $2, $3, $4, $5)`,
          [d.namespaceId, d.name, JSON.stringify(d.labels), JSON.stringify(d.annotations), e.recordedAt],
        );
        return;
      }
      case 'NamespaceDeleted':
        await tx.query(`DELETE FROM rm_namespaces WHERE namespace_id = $1`, [
          eventRegistry.dataOf(NamespaceDeleted, e).namespaceId,
        ]);
        return;
    }
  }
}
