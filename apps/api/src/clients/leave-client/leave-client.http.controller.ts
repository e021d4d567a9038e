import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Request } from 'express';
import { assertValidClientName } from '@certplane/domain';
import { BearerTokenGuard } from '../../auth/bearer-token.guard';
import { readBody } from '../../http/request-body';
import { requestContext } from '../../http/request-context';
import { LeaveClientCommand } from './leave-client.command';

@Controller('clientcontroller')
@UseGuards(BearerTokenGuard)
export class LeaveClientHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('leave')
  @HttpCode(200)
  async leave(@Body() body: unknown, @Req() req: Request) {
    const { name } = readBody(body, ['name'] as const);
    assertValidClientName(name);
    await this.commands.execute(new LeaveClientCommand(name, requestContext(req)));
    return { message: 'success', detail: 'Client removed' };
  }
}
