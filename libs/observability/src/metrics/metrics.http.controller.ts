import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiInternalServerErrorResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Public } from '../http/public-route';
import { CertplaneMetrics } from './certplane-metrics';

@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsHttpController {
  constructor(private readonly metrics: CertplaneMetrics) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      "This process's metrics in the Prometheus text format (see docs/operating.md, Metrics). No token: expose it to your scraper only.",
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4', schema: { type: 'string' } })
  @ApiInternalServerErrorResponse({ description: 'INTERNAL_ERROR: the metrics could not be gathered' })
  async scrape(@Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    const { contentType, body } = await this.metrics.expose();
    res.header('Content-Type', contentType);
    return body;
  }
}
