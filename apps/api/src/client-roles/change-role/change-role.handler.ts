import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClientRoles } from '@certplane/domain';
import { ClientRolesWriter } from './client-roles-writer';
import { ChangeRoleCommand } from './change-role.command';

/** Answers the roles after the change, for the controller to show what it needs of them. */
@CommandHandler(ChangeRoleCommand)
export class ChangeRoleHandler implements ICommandHandler<ChangeRoleCommand, ClientRoles> {
  constructor(private readonly writer: ClientRolesWriter) {}

  async execute({ clientId, decide, context }: ChangeRoleCommand): Promise<ClientRoles> {
    return (await this.writer.change(clientId, decide, context)).after;
  }
}
