import { Module } from '@nestjs/common';
import { CreateGroupHandler } from './create-group/create-group.handler';
import { CreateGroupHttpController } from './create-group/create-group.http.controller';
import { GetGroupEventsHandler, GetGroupHandler } from './get-group/get-group.handler';
import { GetGroupHttpController } from './get-group/get-group.http.controller';
import { DeleteGroupHandler } from './delete-group/delete-group.handler';
import { DeleteGroupHttpController } from './delete-group/delete-group.http.controller';
import { SetGroupParentHandler } from './set-group-parent/set-group-parent.handler';
import { SetGroupParentHttpController } from './set-group-parent/set-group-parent.http.controller';
import { SetClientParentHandler } from './set-client-parent/set-client-parent.handler';
import { SetClientParentHttpController } from './set-client-parent/set-client-parent.http.controller';
import { ListGroupsHandler } from './list-group-members/list-groups.handler';
import { ListGroupsHttpController } from './list-group-members/list-groups.http.controller';
import { RepositoriesModule } from '@certplane/platform';

/** Groups (/groups), their hierarchy, and the clients in them (docs/groups-and-roles.md). */
@Module({
  imports: [RepositoriesModule],
  controllers: [
    CreateGroupHttpController,
    ListGroupsHttpController,
    GetGroupHttpController,
    DeleteGroupHttpController,
    SetGroupParentHttpController,
    SetClientParentHttpController,
  ],
  providers: [
    CreateGroupHandler,
    GetGroupHandler,
    GetGroupEventsHandler,
    DeleteGroupHandler,
    SetGroupParentHandler,
    SetClientParentHandler,
    ListGroupsHandler,
  ],
})
export class GroupsModule {}
