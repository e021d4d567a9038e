import { Module } from '@nestjs/common';
import { CreateChannelHandler } from './create-channel/create-channel.handler';
import { CreateChannelHttpController } from './create-channel/create-channel.http.controller';
import { GetChannelHandler } from './get-channel/get-channel.handler';
import { GetChannelHttpController } from './get-channel/get-channel.http.controller';
import { GetChannelEventsHandler } from './get-channel-events/get-channel-events.handler';
import { GetChannelEventsHttpController } from './get-channel-events/get-channel-events.http.controller';
import { ListChannelsHandler } from './list-channels/list-channels.handler';
import { ListChannelsHttpController } from './list-channels/list-channels.http.controller';
import { UpdateChannelHandler } from './update-channel/update-channel.handler';
import { UpdateChannelHttpController } from './update-channel/update-channel.http.controller';
import { DeleteChannelHandler } from './delete-channel/delete-channel.handler';
import { DeleteChannelHttpController } from './delete-channel/delete-channel.http.controller';
import { ConnectClientsHandler } from './connect-clients/connect-clients.handler';
import { ConnectClientsHttpController } from './connect-clients/connect-clients.http.controller';
import { DisconnectClientsHandler } from './disconnect-clients/disconnect-clients.handler';
import { DisconnectClientsHttpController } from './disconnect-clients/disconnect-clients.http.controller';
import { ListChannelClientsHandler } from './list-channel-clients/list-channel-clients.handler';
import { ListChannelClientsHttpController } from './list-channel-clients/list-channel-clients.http.controller';
import { ListClientChannelsHandler } from './list-client-channels/list-client-channels.handler';
import { ListClientChannelsHttpController } from './list-client-channels/list-client-channels.http.controller';
import { RepositoriesModule } from '@certplane/platform';

/** Channels (/channels) and the connections of clients to them (docs/channels.md). */
@Module({
  imports: [RepositoriesModule],
  controllers: [
    CreateChannelHttpController,
    ListChannelsHttpController,
    GetChannelHttpController,
    GetChannelEventsHttpController,
    UpdateChannelHttpController,
    DeleteChannelHttpController,
    ConnectClientsHttpController,
    DisconnectClientsHttpController,
    ListChannelClientsHttpController,
    ListClientChannelsHttpController,
  ],
  providers: [
    CreateChannelHandler,
    ListChannelsHandler,
    GetChannelHandler,
    GetChannelEventsHandler,
    UpdateChannelHandler,
    DeleteChannelHandler,
    ConnectClientsHandler,
    DisconnectClientsHandler,
    ListChannelClientsHandler,
    ListClientChannelsHandler,
  ],
})
export class ChannelsModule {}
