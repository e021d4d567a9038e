import { Module } from '@nestjs/common';
import { HealthHttpController } from './health/health.http.controller';
import { MetricsHttpController } from './metrics/metrics.http.controller';

/**
 * The operations endpoints as modules to add to a process's HTTP root. Their services
 * (HealthReporter, CertplaneMetrics) come from the global PlatformModule.
 */
@Module({ controllers: [HealthHttpController] })
export class HealthHttpModule {}

@Module({ controllers: [MetricsHttpController] })
export class MetricsHttpModule {}
