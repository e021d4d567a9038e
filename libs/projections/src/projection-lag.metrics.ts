import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CertplaneMetrics } from '@certplane/observability';
import { Projector } from './projector';
import { ProjectorCoreModule } from './projections.module';

/**
 * Events each projection has not applied yet, from its per-stream checkpoints: one projector
 * consumer feeds every projection, so the bus's lag cannot say which read model is behind.
 * Read per scrape; it scans the streams table (one row per aggregate), which is fine at a
 * scrape every few seconds but not something to run per request.
 */
const LAG_SQL = `
  SELECT p.name AS projection, coalesce(sum(s.version - coalesce(v.version, 0)), 0)::bigint AS lag
    FROM unnest($1::text[], $2::text[]) AS p(name, category)
    LEFT JOIN streams s ON split_part(s.stream_id, '-', 1) = p.category
    LEFT JOIN projection_stream_versions v ON v.projection = p.name AND v.stream_id = s.stream_id
   GROUP BY p.name`;

@Injectable()
export class ProjectionLagMetrics implements OnModuleInit {
  constructor(
    private readonly projector: Projector,
    private readonly ds: DataSource,
    private readonly metrics: CertplaneMetrics,
  ) {}

  onModuleInit(): void {
    const { projections } = this.projector;
    this.metrics.projectionLag.sample(async (set) => {
      const rows: Array<{ projection: string; lag: string }> = await this.ds.query(LAG_SQL, [
        projections.map((p) => p.name),
        projections.map((p) => p.category),
      ]);
      for (const row of rows) set(Number(row.lag), { projection: row.projection });
    });
  }
}

/** Added beside ProjectionsModule wherever the projector runs (its own process, the all-in-one). */
@Module({ imports: [ProjectorCoreModule], providers: [ProjectionLagMetrics] })
export class ProjectorMetricsModule {}
