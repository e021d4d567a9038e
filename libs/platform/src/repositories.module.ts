import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ChannelRegistry,
  ChannelRepository,
  ClientRegistry,
  ClientRepository,
  ClientRolesRepository,
  EnrolmentTokenRegistry,
  EnrolmentTokenRepository,
  GroupRegistry,
  GroupRepository,
  IssuerRegistry,
  IssuerRepository,
  NamespaceRegistry,
  NamespaceRepository,
  PostgresEventStore,
  ProfileCatalogue,
  ProfileRegistry,
  ProfileRepository,
  TunnelRegistry,
  TunnelRepository,
} from '@certplane/event-store';
import { CertplaneMetrics } from '@certplane/observability';
import { SigningTimedClientRepository } from './signing-timed-client.repository';

/**
 * The aggregates' repositories and the registries beside them, for the modules that write or look
 * up aggregates; they stand on the PlatformModule's store and pool. Nest builds a module once per
 * application, so every module importing this one shares the same instances.
 */
@Module({
  providers: [
    {
      provide: ClientRepository,
      useFactory: (store: PostgresEventStore, metrics: CertplaneMetrics) =>
        new SigningTimedClientRepository(store, metrics),
      inject: [PostgresEventStore, CertplaneMetrics],
    },
    { provide: ClientRegistry, useFactory: (ds: DataSource) => new ClientRegistry(ds), inject: [DataSource] },
    {
      provide: TunnelRepository,
      useFactory: (store: PostgresEventStore) => new TunnelRepository(store),
      inject: [PostgresEventStore],
    },
    {
      provide: NamespaceRepository,
      useFactory: (store: PostgresEventStore) => new NamespaceRepository(store),
      inject: [PostgresEventStore],
    },
    { provide: TunnelRegistry, useFactory: (ds: DataSource) => new TunnelRegistry(ds), inject: [DataSource] },
    { provide: NamespaceRegistry, useFactory: (ds: DataSource) => new NamespaceRegistry(ds), inject: [DataSource] },
    {
      provide: EnrolmentTokenRepository,
      useFactory: (store: PostgresEventStore) => new EnrolmentTokenRepository(store),
      inject: [PostgresEventStore],
    },
    {
      provide: EnrolmentTokenRegistry,
      useFactory: (ds: DataSource) => new EnrolmentTokenRegistry(ds),
      inject: [DataSource],
    },
    {
      provide: ChannelRepository,
      useFactory: (store: PostgresEventStore) => new ChannelRepository(store),
      inject: [PostgresEventStore],
    },
    { provide: ChannelRegistry, useFactory: () => new ChannelRegistry() },
    {
      provide: GroupRepository,
      useFactory: (store: PostgresEventStore) => new GroupRepository(store),
      inject: [PostgresEventStore],
    },
    { provide: GroupRegistry, useFactory: () => new GroupRegistry() },
    {
      provide: ClientRolesRepository,
      useFactory: (store: PostgresEventStore) => new ClientRolesRepository(store),
      inject: [PostgresEventStore],
    },
    {
      provide: ProfileRepository,
      useFactory: (store: PostgresEventStore) => new ProfileRepository(store),
      inject: [PostgresEventStore],
    },
    { provide: ProfileRegistry, useFactory: (ds: DataSource) => new ProfileRegistry(ds), inject: [DataSource] },
    {
      provide: IssuerRepository,
      useFactory: (store: PostgresEventStore) => new IssuerRepository(store),
      inject: [PostgresEventStore],
    },
    { provide: IssuerRegistry, useFactory: (ds: DataSource) => new IssuerRegistry(ds), inject: [DataSource] },
    {
      provide: ProfileCatalogue,
      useFactory: (r: ProfileRegistry, p: ProfileRepository) => new ProfileCatalogue(r, p),
      inject: [ProfileRegistry, ProfileRepository],
    },
  ],
  exports: [
    ClientRepository,
    ClientRegistry,
    TunnelRepository,
    NamespaceRepository,
    TunnelRegistry,
    NamespaceRegistry,
    EnrolmentTokenRepository,
    EnrolmentTokenRegistry,
    ChannelRepository,
    ChannelRegistry,
    GroupRepository,
    GroupRegistry,
    ClientRolesRepository,
    ProfileRepository,
    ProfileRegistry,
    IssuerRepository,
    IssuerRegistry,
    ProfileCatalogue,
  ],
})
export class RepositoriesModule {}
