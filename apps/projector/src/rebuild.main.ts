import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { PlatformModule } from '@certplane/platform';
import { Projector, ProjectorCoreModule, rebuildProjections, RebuildProgress } from '@certplane/projections';
import { progressReporter } from './progress-reporter';

/** `npm run projections:rebuild`: empties the read models and replays the event store into them. */
@Module({ imports: [PlatformModule.forRoot({ role: 'tool', relay: false }), ProjectorCoreModule] })
class RebuildModule {}

async function main() {
  const app = await NestFactory.createApplicationContext(RebuildModule, { logger: ['error', 'warn'] });
  const report = progressReporter(process.stdout);
  const started = Date.now();
  const result: RebuildProgress = await rebuildProjections(app.get(DataSource), app.get(Projector), report);
  report.done(result, Date.now() - started);
  await app.close();
}

main().catch((e) => {
  process.stderr.write(`projections:rebuild failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
