import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { PlatformModule, runWorker } from '@certplane/platform';
import { ProjectionsModule } from '@certplane/projections';

/** The projector as its own process: keeps the read models current from the bus. */
void runWorker(() => {
  @Module({ imports: [PlatformModule.forRoot({ role: 'projector' }), ProjectionsModule] })
  class ProjectorAppModule {}
  return ProjectorAppModule;
}, 'projector');
