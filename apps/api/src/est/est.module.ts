import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { EstHttpController } from './est.http.controller';

/** EST (RFC 7030) under /.well-known/est; the enrolment itself is EnrolWithTokenCommand's. */
@Module({ imports: [ClientsModule], controllers: [EstHttpController] })
export class EstModule {}
