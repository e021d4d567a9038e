import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EnrolmentTokenReadModel } from '@certplane/projections';
import { ClientsModule } from '../clients/clients.module';
import { CreateEnrolmentTokenHandler } from './create-enrolment-token/create-enrolment-token.handler';
import { CreateEnrolmentTokenHttpController } from './create-enrolment-token/create-enrolment-token.http.controller';
import { ListEnrolmentTokensHandler } from './list-enrolment-tokens/list-enrolment-tokens.handler';
import { ListEnrolmentTokensHttpController } from './list-enrolment-tokens/list-enrolment-tokens.http.controller';
import { RevokeEnrolmentTokenHandler } from './revoke-enrolment-token/revoke-enrolment-token.handler';
import { RevokeEnrolmentTokenHttpController } from './revoke-enrolment-token/revoke-enrolment-token.http.controller';
import { EnrolWithTokenHandler } from './enrol-with-token/enrol-with-token.handler';
import { EnrolWithTokenHttpController } from './enrol-with-token/enrol-with-token.http.controller';
import { RepositoriesModule } from '@certplane/platform';

/** Enrolment tokens (/enrolment-tokens, operator) and their use by devices (POST /enrol, the token as credential). */
@Module({
  imports: [RepositoriesModule, ClientsModule],
  controllers: [
    CreateEnrolmentTokenHttpController,
    ListEnrolmentTokensHttpController,
    RevokeEnrolmentTokenHttpController,
    EnrolWithTokenHttpController,
  ],
  providers: [
    CreateEnrolmentTokenHandler,
    ListEnrolmentTokensHandler,
    RevokeEnrolmentTokenHandler,
    EnrolWithTokenHandler,
    {
      provide: EnrolmentTokenReadModel,
      useFactory: (ds: DataSource) => new EnrolmentTokenReadModel(ds),
      inject: [DataSource],
    },
  ],
})
export class EnrolmentTokensModule {}
