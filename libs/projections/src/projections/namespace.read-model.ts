import { DataSource } from 'typeorm';

export interface NamespaceRow {
  namespaceId: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  created: Date;
}

/** Reads rm_namespaces (NamespaceProjection's table) by namespace id. */
export class NamespaceReadModel {
  constructor(private readonly ds: DataSource) {}

  async byIds(namespaceIds: readonly string[]): Promise<Map<string, NamespaceRow>> {
    if (namespaceIds.length === 0) return new Map();
    const rows = await this.ds.query(
      `SELECT namespace_id, name, labels, annotations, created_at FROM rm_namespaces WHERE namespace_id = ANY($1::text[])`,
      [namespaceIds],
    );
    return new Map(
      rows.map((r: any) => [
        r.namespace_id,
        {
          namespaceId: r.namespace_id,
          name: r.name,
          labels: r.labels,
          annotations: r.annotations,
          created: r.created_at,
        },
      ]),
    );
  }
}
