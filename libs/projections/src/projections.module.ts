import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '@certplane/event-store';
import { ReadModelUpdates } from '@certplane/read-model';
import { PLATFORM_OPTIONS, PlatformOptions } from '@certplane/platform';
import { Projector } from './projector';
import { ProjectorConsumer } from './projector.consumer';
import { ProjectionReconciler } from './projection-reconciler';
import { ClientProjection } from './projections/client.projection';
import { CertificateProjection } from './projections/certificate.projection';
import { TunnelProjection } from './projections/tunnel.projection';
import { EnrolmentTokenProjection } from './projections/enrolment-token.projection';
import { NamespaceProjection } from './projections/namespace.projection';
import { ChannelProjection } from './projections/channel.projection';
import { GroupProjection } from './projections/group.projection';
import { IssuerProjection } from './projections/issuer.projection';

export const ALL_PROJECTIONS = () => [
  new ClientProjection(),
  new CertificateProjection(),
  new TunnelProjection(),
  new NamespaceProjection(),
  new EnrolmentTokenProjection(),
  new ChannelProjection(),
  new GroupProjection(),
  new IssuerProjection(),
];

const projectorProvider = {
  provide: Projector,
  // A projector process tells the api processes of its commits; in the all-in-one process the
  // readers are its neighbours and are woken directly.
  useFactory: (ds: DataSource, store: PostgresEventStore, updates: ReadModelUpdates, options: PlatformOptions) =>
    new Projector(ds, store, ALL_PROJECTIONS(), updates, { notifyOtherProcesses: options.role === 'projector' }),
  inject: [DataSource, PostgresEventStore, ReadModelUpdates, PLATFORM_OPTIONS],
};

/** The projector without a consumer: what the rebuild tool needs. */
@Module({ providers: [projectorProvider], exports: [Projector] })
export class ProjectorCoreModule {}

/** The projector worker: consumes the bus and keeps the read models current, catching up from the store what the bus lost. */
@Module({
  imports: [ProjectorCoreModule],
  providers: [ProjectorConsumer, ProjectionReconciler],
  exports: [ProjectionReconciler],
})
export class ProjectionsModule {}
