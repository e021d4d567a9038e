import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { Public } from '../../auth/access.decorators';
import type { ConsoleSettings } from '@certplane/api-contract';
import { consoleSettingsOf } from './console-settings';

/** Public: the console reads it before anyone has signed in, to know whether to offer the issuer. It holds no secret. */
@ApiTags('console')
@Public()
@Controller('console-settings')
export class GetConsoleSettingsHttpController {
  constructor(@Inject(CONFIG) private readonly config: CertplaneConfig) {}

  @Get()
  @ApiOperation({
    summary: "The console's sign-in settings",
    description:
      'How the console may sign people in besides an API token: null, or the OIDC issuer, the public client id, the scopes and the ' +
      'resource (the audience, when it is an absolute URI) for an authorization code + PKCE sign-in. No bearer token needed; nothing secret.',
  })
  @ApiOkResponse({ description: '{"oidc": null | {"issuer","client_id","scope","resource"}}' })
  @ApiErrors()
  settings(): ConsoleSettings {
    return consoleSettingsOf(this.config);
  }
}
