import { Controller, Get, Header, HttpStatus, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiInternalServerErrorResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Public } from '../http/public-route';
import { HealthReporter } from './health-reporter';
import { HealthCheckEntrySchema, HealthDocumentSchema, ReadinessDocumentSchema } from './health-document.schema';

const HEALTH_JSON = 'application/health+json';

/** Every certplane process answers these, the api on its port and each worker on its own. */
@ApiTags('operations')
@ApiExtraModels(HealthCheckEntrySchema)
@ApiProduces(HEALTH_JSON)
@ApiInternalServerErrorResponse({ description: 'INTERNAL_ERROR: an unexpected failure while answering' })
@Public()
@Controller('health')
export class HealthHttpController {
  constructor(private readonly health: HealthReporter) {}

  @Get()
  @Header('Content-Type', HEALTH_JSON)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Liveness',
    description:
      'Answers pass while the process runs; it never checks dependencies, so an outage of Postgres or NATS does not get processes restarted. No token.',
  })
  @ApiOkResponse({ description: 'the process is alive', type: HealthDocumentSchema })
  live() {
    return this.health.liveness();
  }

  @Get('ready')
  @Header('Content-Type', HEALTH_JSON)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Readiness',
    description:
      "Checks Postgres, the message bus and, in workers, each consumer's lag (lag above CERTPLANE_CONSUMER_LAG_WARN is warn, never fail). " +
      'Fails from the moment shutdown begins. No token.',
  })
  @ApiOkResponse({ description: 'pass or warn: ready', type: ReadinessDocumentSchema })
  @ApiServiceUnavailableResponse({
    description: 'fail: a dependency is unreachable or the process is shutting down',
    type: ReadinessDocumentSchema,
  })
  async ready(@Res({ passthrough: true }) res: FastifyReply) {
    const report = await this.health.readiness();
    res.status(report.status === 'fail' ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK);
    return report;
  }
}
