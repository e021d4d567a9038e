import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { APP_LOGGER, AppLogger } from '@certplane/platform';
import { writeErrorResponse } from './error-response';

/**
 * Every error leaves as {"statusCode","code","message"}. Unexpected errors are logged with their
 * message only (no request body, which may hold keys or CSRs) and answered with a generic 500.
 */
@Catch()
export class ErrorResponseFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly logger: AppLogger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<FastifyReply>();
    const body = writeErrorResponse(res, error);
    if (body.statusCode >= 500)
      this.logger.error('request failed', {
        code: body.code,
        error: error instanceof Error ? error.message : String(error),
      });
  }
}
