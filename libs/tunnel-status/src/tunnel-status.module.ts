import { Module } from '@nestjs/common';
import { TunnelStatusService } from './tunnel-status.service';
import { RepositoriesModule, VaultsModule } from '@certplane/platform';

/** Imported by the api (and so the all-in-one): the processes that answer tunnel reads. */
@Module({
  imports: [RepositoriesModule, VaultsModule],
  providers: [TunnelStatusService],
  exports: [TunnelStatusService],
})
export class TunnelStatusModule {}
