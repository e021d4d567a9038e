import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyRequest } from 'fastify';
import { UPLINK_ERRORS, UplinkRoute } from '../../tunnels/uplink-api-docs';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { NamespaceView } from '../namespace-view';
import { CreateNamespaceCommand } from './create-namespace.command';
import { Roles } from '../../auth/access.decorators';

@Controller('v1/namespace')
@Roles('operator')
export class CreateNamespaceHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @UplinkRoute({
    tag: 'namespaces',
    summary: 'Create a namespace',
    description:
      'Body {"name","labels"?,"annotations"?}; the label certplane.io/uplink=1 is always added and cannot be overridden.',
    success: { status: 201, description: 'the namespace' },
    errors: {
      400: [...UPLINK_ERRORS.body, 'INVALID_NAMESPACE', 'RESERVED_NAMESPACE', 'INVALID_LABELS', 'INVALID_ANNOTATIONS'],
      409: ['NAMESPACE_ALREADY_EXISTS'],
    },
  })
  create(@Body() body: unknown, @Req() req: FastifyRequest): Promise<NamespaceView> {
    const { name, labels, annotations } = readBody(body, ['name', 'labels', 'annotations'] as const);
    return this.commands.execute(new CreateNamespaceCommand({ name, labels, annotations }, requestContext(req)));
  }
}
