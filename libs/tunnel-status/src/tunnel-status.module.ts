import { Module } from '@nestjs/common';
import { TunnelStatusService } from './tunnel-status.service';

/** Imported by the api (and so the all-in-one): the processes that answer tunnel reads. */
@Module({ providers: [TunnelStatusService], exports: [TunnelStatusService] })
export class TunnelStatusModule {}
