import { Module } from '@nestjs/common';
import { DefineProfileHandler } from './define-profile/define-profile.handler';
import { DefineProfileHttpController } from './define-profile/define-profile.http.controller';
import { DeleteProfileHandler } from './delete-profile/delete-profile.handler';
import { DeleteProfileHttpController } from './delete-profile/delete-profile.http.controller';
import { GetProfileHandler } from './get-profile/get-profile.handler';
import { GetProfileEventsHandler } from './get-profile-events/get-profile-events.handler';
import { GetProfileEventsHttpController } from './get-profile-events/get-profile-events.http.controller';
import { GetProfileHttpController } from './get-profile/get-profile.http.controller';
import { ListProfilesHandler } from './list-profiles/list-profiles.handler';
import { ListProfilesHttpController } from './list-profiles/list-profiles.http.controller';
import { ProfilesFileLoader } from './profiles-file/profiles-file.loader';
import { ReplaceProfileHandler } from './replace-profile/replace-profile.handler';
import { ReplaceProfileHttpController } from './replace-profile/replace-profile.http.controller';
import { UpdateProfileHandler } from './update-profile/update-profile.handler';
import { UpdateProfileHttpController } from './update-profile/update-profile.http.controller';
import { RepositoriesModule } from '@certplane/platform';

/** Certificate profiles (/profiles): admins write them, operators read them; CERTPLANE_PROFILES_FILE loads them at start. */
@Module({
  imports: [RepositoriesModule],
  controllers: [
    ListProfilesHttpController,
    GetProfileHttpController,
    GetProfileEventsHttpController,
    DefineProfileHttpController,
    ReplaceProfileHttpController,
    UpdateProfileHttpController,
    DeleteProfileHttpController,
  ],
  providers: [
    ListProfilesHandler,
    GetProfileHandler,
    GetProfileEventsHandler,
    DefineProfileHandler,
    ReplaceProfileHandler,
    UpdateProfileHandler,
    DeleteProfileHandler,
    ProfilesFileLoader,
  ],
})
export class ProfilesModule {}
