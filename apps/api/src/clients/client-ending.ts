import { Injectable } from '@nestjs/common';
import { ChannelRegistry, ChannelRepository, ClientRegistry, SideWrite } from '@certplane/event-store';
import { ClientKeyVault } from '@certplane/vault';

/**
 * What ends a client besides its own event (DELETE /clients/:id and the spine's leave alike), in
 * that event's transaction: each channel it is connected to records ClientsDisconnected, its name,
 * ip and hostname are freed, and its server-held key is deleted. The registry marks the client
 * inactive in the append's statement, before its channels are read, and they are checked again
 * last (ChannelRegistry.forgetClient), so a connect racing the deletion either is disconnected here
 * or finds the client gone.
 */
@Injectable()
export class ClientEnding {
  constructor(
    private readonly registry: ClientRegistry,
    private readonly keys: ClientKeyVault,
    private readonly channels: ChannelRepository,
    private readonly connections: ChannelRegistry,
  ) {}

  of(clientId: string, clientVersion: number): SideWrite[] {
    return [
      this.registry.release(clientId),
      this.keys.delete(clientId),
      {
        step: async (tx, alsoAppend) => {
          const disconnected = await this.channels.disconnectEverywhere(
            tx,
            alsoAppend,
            clientId,
            await this.connections.channelsOf(tx, clientId),
          );
          await this.connections.forgetClient(tx, clientId, disconnected, clientVersion);
        },
      },
    ];
  }
}
