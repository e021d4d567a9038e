import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClientRoleAdded, eventRegistry } from '@certplane/domain';
import { ClientRolesWriter } from '../change-role/client-roles-writer';
import { clientRoleView, ClientRoleView } from '../client-role-view';
import { AddRoleCommand } from './add-role.command';

@CommandHandler(AddRoleCommand)
export class AddRoleHandler implements ICommandHandler<AddRoleCommand, ClientRoleView> {
  constructor(private readonly writer: ClientRolesWriter) {}

  async execute({ clientId, input, context }: AddRoleCommand): Promise<ClientRoleView> {
    const { after, events } = await this.writer.change(clientId, (roles) => roles.add(input), context);
    return clientRoleView(clientId, after.role(eventRegistry.dataOf(ClientRoleAdded, events[0]).name));
  }
}
