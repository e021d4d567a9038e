import { Controller, Get } from '@nestjs/common';
import { CLIENT_ACTIONS } from '@certplane/domain';
import { ClientRoute } from '../../clients/client-api-docs';
import { Roles } from '../../auth/access.decorators';

@Controller('clients/roles')
@Roles('operator')
export class ListAvailableActionsHttpController {
  @ClientRoute({
    tag: 'client-roles',
    summary: 'The actions a client role can grant',
    description: '{"available_actions":[…]}; docs/groups-and-roles.md says which routes each opens.',
    success: { status: 200, description: 'the actions' },
    errors: [],
  })
  @Get('available-actions')
  list(): { available_actions: string[] } {
    return { available_actions: [...CLIENT_ACTIONS] };
  }
}
