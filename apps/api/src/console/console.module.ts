import { Module } from '@nestjs/common';
import { GetCallerHttpController } from '../auth/get-caller/get-caller.http.controller';
import { FollowChangesHttpController } from './follow-changes/follow-changes.http.controller';
import { GetOverviewHandler } from './get-overview/get-overview.handler';
import { GetOverviewHttpController } from './get-overview/get-overview.http.controller';
import { GetConsoleSettingsHttpController } from './get-console-settings/get-console-settings.http.controller';

/** The routes the operator console reads besides the resources' own: its sign-in settings, the overview, the caller, live changes. The console's pages are served by serveConsole. */
@Module({
  controllers: [
    GetConsoleSettingsHttpController,
    GetOverviewHttpController,
    GetCallerHttpController,
    FollowChangesHttpController,
  ],
  providers: [GetOverviewHandler],
})
export class ConsoleModule {}
