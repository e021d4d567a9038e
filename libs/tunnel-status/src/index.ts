export * from './status-subject';
export * from './status-report';
export * from './tunnel-metrics.store';
export * from './credential-cache';
export * from './status-report.receiver';
export * from './tunnel-status.service';
export * from './tunnel-status.module';
