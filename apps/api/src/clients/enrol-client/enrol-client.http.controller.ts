import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Request } from 'express';
import { BearerTokenGuard } from '../../auth/bearer-token.guard';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { EnrolClientCommand } from './enrol-client.command';

@Controller('clientcontroller')
@UseGuards(BearerTokenGuard)
export class EnrolClientHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('enrol')
  @HttpCode(200)
  async enrol(@Body() body: unknown, @Req() req: Request) {
    const { name, topics, ip, hostname } = readBody(body, ['name', 'topics', 'ip', 'hostname'] as const);
    const clientId = await this.commands.execute<EnrolClientCommand, string>(new EnrolClientCommand({ name, topics, ip, hostname }, requestContext(req)));
    return { message: 'success', detail: 'Client enrolled', url: clientId };
  }
}
