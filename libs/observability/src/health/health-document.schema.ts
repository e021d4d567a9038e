import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI description of HealthDocument (health-reporter.ts); documentation only. */
export class HealthCheckEntrySchema {
  @ApiProperty({ example: 'datastore' }) componentType: string;
  @ApiProperty({ enum: ['pass', 'warn', 'fail'] }) status: string;
  @ApiPropertyOptional({ oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }], example: 1.4 })
  observedValue?: number | string | boolean;
  @ApiPropertyOptional({ example: 'ms' }) observedUnit?: string;
  @ApiPropertyOptional({ description: 'why the check did not pass' }) output?: string;
  @ApiProperty({ format: 'date-time' }) time: string;
}

export class HealthDocumentSchema {
  @ApiProperty({ enum: ['pass', 'warn', 'fail'], description: 'liveness is always pass' }) status: string;
  @ApiProperty({ example: '0.1.0' }) version: string;
  @ApiProperty({
    description: 'git commit of the build, or "unknown"',
    example: '63cce03902fbc788517445439146b2107360ee5b',
  })
  commit: string;
  @ApiProperty({ example: 'certplane api' }) description: string;
  @ApiProperty({ description: 'ISO 8601 time of the build, or "unknown"', example: '2026-11-23T03:00:00Z' })
  build_time: string;
}

export class ReadinessDocumentSchema extends HealthDocumentSchema {
  @ApiProperty({
    description:
      'one entry per check, keyed "component:measurement": postgres:responseTime, jetstream:responseTime or bus:responseTime, <consumer>:consumerLag in workers',
    type: 'object',
    additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/HealthCheckEntrySchema' } },
  })
  checks: Record<string, HealthCheckEntrySchema[]>;
}
