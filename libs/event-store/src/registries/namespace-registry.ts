import { DataSource } from 'typeorm';
import {
  NamespaceAlreadyExistsError,
  NamespaceCreatedData,
  NamespaceNotEmptyError,
  NamespaceNotFoundError,
} from '@certplane/domain';
import { StatementWrite } from '@certplane/persistence';
import { SideStep } from '../store/event-store';
import { releaseUnlessInUse } from './release-unless-in-use';

export interface LiveNamespace {
  namespaceId: string;
  name: string;
}

/**
 * Which namespaces are live, kept in the transaction of the events that create and delete them.
 * The partial unique index reserves the name. Deleting takes the row's lock and only then counts
 * live tunnels, and creating a tunnel holds a share lock on the same row (TunnelRegistry.reserve):
 * a tunnel cannot slip into a namespace while it is being deleted, nor a namespace be deleted
 * under a tunnel being created.
 */
export class NamespaceRegistry {
  constructor(private readonly ds: DataSource) {}

  reserve(created: NamespaceCreatedData): StatementWrite {
    return {
      sql: (appended, p) =>
        `INSERT INTO namespace_registry (namespace_id, name) SELECT ${p(created.namespaceId)}::text, ${p(created.name)}::text WHERE ${appended}`,
      refused: (constraint) =>
        constraint === 'namespace_registry_live_name' ? new NamespaceAlreadyExistsError(created.name) : undefined,
    };
  }

  /** Frees the name; refuses while live tunnels remain (read after the lock, so none can be on its way in). */
  release(ns: LiveNamespace): SideStep {
    return releaseUnlessInUse(
      {
        sql: `UPDATE namespace_registry SET active = false WHERE namespace_id = $1 AND active`,
        params: [ns.namespaceId],
      },
      { sql: `SELECT count(*)::int AS n FROM tunnel_registry WHERE namespace = $1 AND active`, params: [ns.name] },
      (n) => new NamespaceNotEmptyError(ns.name, n),
    );
  }

  async findLive(name: string): Promise<string | undefined> {
    const [row] = await this.ds.query(`SELECT namespace_id FROM namespace_registry WHERE name = $1 AND active`, [name]);
    return row?.namespace_id;
  }

  async assertLive(name: string): Promise<string> {
    const id = await this.findLive(name);
    if (!id) throw new NamespaceNotFoundError(name);
    return id;
  }

  async listLive(): Promise<LiveNamespace[]> {
    const rows = await this.ds.query(`SELECT namespace_id, name FROM namespace_registry WHERE active ORDER BY name`);
    return rows.map((r: any) => ({ namespaceId: r.namespace_id, name: r.name }));
  }
}
