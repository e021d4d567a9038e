import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { ApiError } from '../../http/api-error';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { Roles } from '../../auth/access.decorators';
import { CLIENT_ERRORS, ClientRoute } from '../client-api-docs';
import { ClientView } from '../client-view';
import { bulkItemError } from './bulk-item-error';
import { CreateClientsCommand } from './create-clients.command';

export const MAX_BULK_CLIENTS = 1000;
/** A bulk has no csr or certificate: those are checked one by one against the CA, POST /clients takes them. */
const FIELDS = ['name', 'topics', 'tags', 'metadata', 'ip', 'hostname'] as const;

@Controller('clients')
@Roles('operator')
export class CreateClientsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ClientRoute({
    summary: 'Create many clients at once',
    description:
      `Body: a JSON array of 1-${MAX_BULK_CLIENTS} clients, each {"name","tags"?,"metadata"?,"topics"?,"ip"?|"hostname"?} as for POST /clients. All or nothing: ` +
      'one bad or taken item refuses all with its own code, its position in the message (clients[i]: …). Answers {"clients":[…]}, one client per item in order, each with its url (details secret), shown only here.',
    success: { status: 201, description: '{"clients":[client with url…]}' },
    errors: [...CLIENT_ERRORS.body, ...CLIENT_ERRORS.identity, 'INVALID_TOPICS', 'UNKNOWN_TOPIC'],
  })
  @Post('bulk')
  @HttpCode(201)
  async create(
    @Body() body: unknown,
    @Req() req: FastifyRequest,
  ): Promise<{ clients: (ClientView & { url: string })[] }> {
    if (!Array.isArray(body) || body.length === 0 || body.length > MAX_BULK_CLIENTS)
      throw new ApiError(400, 'INVALID_BODY', `the request body must be a JSON array of 1-${MAX_BULK_CLIENTS} clients`);
    const items = body.map((item, i) => {
      try {
        return readBody(item, FIELDS);
      } catch (e) {
        throw bulkItemError(i, e);
      }
    });
    return { clients: await this.commands.execute(new CreateClientsCommand(items, requestContext(req))) };
  }
}
