import { Module } from '@nestjs/common';
import { AddRoleHandler } from './add-role/add-role.handler';
import { AddRoleHttpController } from './add-role/add-role.http.controller';
import { ChangeRoleHandler } from './change-role/change-role.handler';
import { ChangeRoleHttpController } from './change-role/change-role.http.controller';
import { ClientRolesWriter } from './change-role/client-roles-writer';
import { GetRolesHandler } from './get-roles/get-roles.handler';
import { GetRolesHttpController } from './get-roles/get-roles.http.controller';
import { GetRoleEventsHandler } from './get-role-events/get-role-events.handler';
import { GetRoleEventsHttpController } from './get-role-events/get-role-events.http.controller';
import { ListAvailableActionsHttpController } from './list-available-actions/list-available-actions.http.controller';
import { RepositoriesModule } from '@certplane/platform';

/** The roles of a client (/clients/:id/roles), which the auth guard reads to let their members act (docs/groups-and-roles.md). */
@Module({
  imports: [RepositoriesModule],
  controllers: [
    // Before the /clients/:id routes' module, so /clients/roles/available-actions is not taken for a client id.
    ListAvailableActionsHttpController,
    AddRoleHttpController,
    GetRolesHttpController,
    ChangeRoleHttpController,
    GetRoleEventsHttpController,
  ],
  providers: [ClientRolesWriter, AddRoleHandler, ChangeRoleHandler, GetRolesHandler, GetRoleEventsHandler],
})
export class ClientRolesModule {}
