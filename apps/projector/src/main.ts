import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { PlatformModule, runWorker } from '@certplane/platform';
import { ProjectionsModule, ProjectorMetricsModule } from '@certplane/projections';

/** The projector as its own process: keeps the read models current from the bus. */
void runWorker(() => {
  @Module({ imports: [PlatformModule.forRoot({ role: 'projector' }), ProjectionsModule, ProjectorMetricsModule] })
  class ProjectorAppModule {}
  return ProjectorAppModule;
}, 'projector');
