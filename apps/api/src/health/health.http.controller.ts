import { Controller, Get, Header } from '@nestjs/common';
import { packageVersion } from './package-version';

const version = packageVersion();

/** Liveness in the health+json draft format; readiness checks of Postgres and NATS come with the operability work. */
@Controller('health')
export class HealthHttpController {
  @Get()
  @Header('Content-Type', 'application/health+json')
  health() {
    return { status: 'pass', version, description: 'certplane api' };
  }
}
