import { Module } from '@nestjs/common';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { CertplaneMetrics, HealthHttpModule, listenOn, MetricsHttpModule, observeHttp } from '@certplane/observability';
import { createNestApp } from './nest-app';
import { runtimeSummary } from './runtime-summary';
import { exitOnStartupFailure } from './startup-failure';

export type WorkerRole = 'cert-issuer' | 'projector';

/**
 * Where each worker answers /health, /health/ready and /metrics unless CERTPLANE_WORKER_HTTP_PORT
 * says otherwise: different ports, so that both workers run side by side on one host.
 */
export const WORKER_HTTP_PORTS: Record<WorkerRole, number> = { 'cert-issuer': 9090, projector: 9091 };

/**
 * Starts a worker with a small HTTP listener for its health and metrics, and keeps it until
 * SIGTERM/SIGINT, when Nest closes it in order: consumers finish their in-flight messages, then
 * the listener closes, then the relay, the bus and the database.
 * The root module is built here, inside the try: PlatformModule.forRoot reads and validates the
 * configuration, and a ConfigError must end in one line naming the variable, not a stack trace.
 */
export async function runWorker(buildRootModule: () => unknown, role: WorkerRole): Promise<void> {
  try {
    @Module({ imports: [buildRootModule() as never, HealthHttpModule, MetricsHttpModule] })
    class WorkerRootModule {}
    const { app, logger } = await createNestApp(WorkerRootModule, role);
    observeHttp(app, { metrics: app.get(CertplaneMetrics), logger: logger.pino });
    const config = app.get<CertplaneConfig>(CONFIG);
    const url = await listenOn(
      app,
      config.workerHttpPort ?? WORKER_HTTP_PORTS[role],
      config.host,
      'CERTPLANE_WORKER_HTTP_PORT',
      config.listener,
    );
    logger.info(`certplane ${role} started`, { url, ...runtimeSummary(config) });
  } catch (e) {
    exitOnStartupFailure(e, role);
  }
}
