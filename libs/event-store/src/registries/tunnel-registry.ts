import { DataSource } from 'typeorm';
import { NamespaceNotFoundError, TunnelAlreadyExistsError, TunnelCreatedData } from '@certplane/domain';
import { StatementWrite, uniqueViolation } from '@certplane/persistence';
import { SideStep } from '../store/event-store';

export interface LiveTunnel {
  tunnelId: string;
  namespace: string;
  name: string;
  /** The tunnel's stream version as of its last append: reads wait for the read model to reach it. */
  version: number;
}

/**
 * Which tunnels are live, kept in the transaction of the events that change them. The partial
 * unique index on (namespace, name) is the reservation: of any number of concurrent creates of
 * one tunnel exactly one commits. See NamespaceRegistry for how it and namespace deletion exclude
 * each other.
 */
export class TunnelRegistry {
  constructor(private readonly ds: DataSource) {}

  /** Holds the namespace FOR SHARE while the name is claimed: it cannot be deleted under the new tunnel. */
  reserve(created: TunnelCreatedData): SideStep {
    return {
      step: async (tx) => {
        const [ns] = await tx.query(`SELECT 1 FROM namespace_registry WHERE name = $1 AND active FOR SHARE`, [
          created.namespace,
        ]);
        if (!ns) throw new NamespaceNotFoundError(created.namespace);
        try {
          await tx.query(`INSERT INTO tunnel_registry (tunnel_id, namespace, name, version) VALUES ($1, $2, $3, 1)`, [
            created.tunnelId,
            created.namespace,
            created.name,
          ]);
        } catch (e) {
          if (uniqueViolation(e) === 'tunnel_registry_live_name')
            throw new TunnelAlreadyExistsError(created.name, created.namespace);
          throw e;
        }
      },
    };
  }

  recordVersion(tunnelId: string, version: number): StatementWrite {
    return {
      sql: (appended, p) =>
        `UPDATE tunnel_registry SET version = ${p(version)}::int WHERE tunnel_id = ${p(tunnelId)}::text AND ${appended}`,
    };
  }

  release(tunnelId: string): StatementWrite {
    return {
      sql: (appended, p) =>
        `UPDATE tunnel_registry SET active = false WHERE tunnel_id = ${p(tunnelId)}::text AND ${appended}`,
    };
  }

  async findLive(namespace: string, name: string): Promise<LiveTunnel | undefined> {
    const [row] = await this.ds.query(
      `SELECT tunnel_id, namespace, name, version FROM tunnel_registry WHERE namespace = $1 AND name = $2 AND active`,
      [namespace, name],
    );
    return row ? toLiveTunnel(row) : undefined;
  }

  /** In one namespace, or in all of them; ordered by namespace and name. */
  async listLive(namespace?: string): Promise<LiveTunnel[]> {
    const rows = await this.ds.query(
      `SELECT tunnel_id, namespace, name, version FROM tunnel_registry WHERE active AND ($1::text IS NULL OR namespace = $1) ORDER BY namespace, name`,
      [namespace ?? null],
    );
    return rows.map(toLiveTunnel);
  }
}

function toLiveTunnel(r: any): LiveTunnel {
  return { tunnelId: r.tunnel_id, namespace: r.namespace, name: r.name, version: r.version };
}
