import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { CLIENT_ERRORS, ClientRoute } from '../client-api-docs';
import { requestContext } from '../../http/request-context';
import { assertClientIdParam } from '../client-id-param';
import { ClientView } from '../client-view';
import { GetClientQuery } from '../get-client/get-client.query';
import { SetClientStatusCommand } from './set-client-status.command';
import { MemberMay, Roles } from '../../auth/access.decorators';

@Controller('clients')
@Roles('operator')
export class SetClientStatusHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ClientRoute({
    summary: 'Disable a client',
    description:
      'Details answer CLIENT_DISABLED at once; the cert-issuer revokes the live certificates (certificateHold). The client keeps its name, ip and hostname. Disabling a disabled client changes nothing.',
    success: { status: 200, description: 'the client' },
    errors: [...CLIENT_ERRORS.existing],
  })
  @Post(':id/disable')
  @MemberMay('disable')
  @HttpCode(200)
  disable(@Param('id') id: string, @Req() req: FastifyRequest): Promise<ClientView> {
    return this.set(id, 'disabled', req);
  }

  @ClientRoute({
    summary: 'Enable a client',
    description:
      "The cert-issuer issues a new certificate (a new server key, or the key of the client's CSR); a held certificate is never released.",
    success: { status: 200, description: 'the client' },
    errors: [...CLIENT_ERRORS.existing],
  })
  @Post(':id/enable')
  @MemberMay('enable')
  @HttpCode(200)
  enable(@Param('id') id: string, @Req() req: FastifyRequest): Promise<ClientView> {
    return this.set(id, 'enabled', req);
  }

  private async set(id: string, status: 'enabled' | 'disabled', req: FastifyRequest): Promise<ClientView> {
    const clientId = assertClientIdParam(id);
    await this.commands.execute(new SetClientStatusCommand(clientId, status, requestContext(req)));
    return this.queries.execute(new GetClientQuery(clientId));
  }
}
