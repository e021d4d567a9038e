export * from './projection';
export * from './projected-event';
export * from './projector';
export * from './rebuild-projections';
export * from './projector.consumer';
export * from './projections.module';
export * from './projections/client.projection';
export * from './projections/certificate.projection';
