import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { EstHttpController } from './est.http.controller';
import { ReenrolledCertificate } from './reenrolled-certificate';
import { RepositoriesModule } from '@certplane/platform';

/** EST (RFC 7030) under /.well-known/est; the enrolment itself is EnrolWithTokenCommand's. */
@Module({
  imports: [RepositoriesModule, ClientsModule],
  controllers: [EstHttpController],
  providers: [ReenrolledCertificate],
})
export class EstModule {}
