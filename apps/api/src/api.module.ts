import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { getStorageToken } from '@nestjs/throttler';
import { RequestRateLimiter } from './abuse/request-rate-limiter';
import { SharedWindowStorage } from './abuse/shared-window-storage';
import { StrikeCounts } from './abuse/strike-counts';
import { DataSource } from 'typeorm';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { APP_LOGGER, AppLogger, RepositoriesModule, VaultsModule } from '@certplane/platform';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthGuard } from './auth/auth.guard';
import { ErrorResponseFilter } from './http/error-response.filter';
import { EnrolClientHttpController } from './clients/enrol-client/enrol-client.http.controller';
import { EnrolClientHandler } from './clients/enrol-client/enrol-client.handler';
import { LeaveClientHttpController } from './clients/leave-client/leave-client.http.controller';
import { LeaveClientHandler } from './clients/leave-client/leave-client.handler';
import { GetClientDetailsHttpController } from './information/get-client-details/get-client-details.http.controller';
import { HealthHttpController } from './health/health.http.controller';
import { GetClientDetailsHandler } from './information/get-client-details/get-client-details.handler';
import { PkiModule } from './pki/pki.module';
import { TunnelsModule } from './tunnels/tunnels.module';
import { ClientsModule } from './clients/clients.module';
import { EnrolmentTokensModule } from './enrolment-tokens/enrolment-tokens.module';
import { EstModule } from './est/est.module';
import { ChannelsModule } from './channels/channels.module';
import { ClientRolesModule } from './client-roles/client-roles.module';
import { GroupsModule } from './groups/groups.module';
import { ConsoleModule } from './console/console.module';
import { ProfilesModule } from './profiles/profiles.module';
import { IssuersModule } from './issuers/issuers.module';

const MINUTE_MS = 60_000;

@Module({
  imports: [
    RepositoriesModule,
    VaultsModule,
    CqrsModule.forRoot(),
    PkiModule,
    TunnelsModule,
    ClientsModule,
    EnrolmentTokensModule,
    EstModule,
    ChannelsModule,
    ClientRolesModule,
    GroupsModule,
    ProfilesModule,
    IssuersModule,
    ConsoleModule,
  ],
  controllers: [
    HealthHttpController,
    EnrolClientHttpController,
    LeaveClientHttpController,
    GetClientDetailsHttpController,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    EnrolClientHandler,
    LeaveClientHandler,
    GetClientDetailsHandler,
    { provide: APP_FILTER, useClass: ErrorResponseFilter },
    {
      provide: getStorageToken(),
      useFactory: (ds: DataSource, logger: AppLogger) => new SharedWindowStorage(ds, logger),
      inject: [DataSource, APP_LOGGER],
    },
    {
      provide: StrikeCounts,
      useFactory: (ds: DataSource, config: CertplaneConfig) =>
        new StrikeCounts(
          ds,
          { auth: config.rateLimit.authFailuresPerMinute, details: config.details.missesPerMinute },
          MINUTE_MS,
        ),
      inject: [DataSource, CONFIG],
    },
    RequestRateLimiter,
  ],
})
export class ApiModule {}
