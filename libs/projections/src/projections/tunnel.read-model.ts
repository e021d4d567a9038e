import { DataSource } from 'typeorm';

export interface TunnelRow {
  tunnelId: string;
  namespace: string;
  name: string;
  tcpPorts: number[];
  version: number;
  created: Date;
}

/** Reads rm_tunnels (TunnelProjection's table) by tunnel id; what the api's tunnel queries answer from. */
export class TunnelReadModel {
  constructor(private readonly ds: DataSource) {}

  async byIds(tunnelIds: readonly string[]): Promise<Map<string, TunnelRow>> {
    if (tunnelIds.length === 0) return new Map();
    const rows = await this.ds.query(
      `SELECT tunnel_id, namespace, name, tcp_ports, version, created_at FROM rm_tunnels WHERE tunnel_id = ANY($1::text[])`,
      [tunnelIds],
    );
    return new Map(
      rows.map((r: any) => [
        r.tunnel_id,
        {
          tunnelId: r.tunnel_id,
          namespace: r.namespace,
          name: r.name,
          tcpPorts: r.tcp_ports,
          version: r.version,
          created: r.created_at,
        },
      ]),
    );
  }
}
