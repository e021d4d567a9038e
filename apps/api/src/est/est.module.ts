import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { EstHttpController } from './est.http.controller';
import { ReenrolledCertificate } from './reenrolled-certificate';

/** EST (RFC 7030) under /.well-known/est; the enrolment itself is EnrolWithTokenCommand's. */
@Module({ imports: [ClientsModule], controllers: [EstHttpController], providers: [ReenrolledCertificate] })
export class EstModule {}
