import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NamespaceReadModel, TunnelReadModel } from '@certplane/projections';
import { TunnelStatusModule } from '@certplane/tunnel-status';
import { CreateNamespaceHandler } from '../namespaces/create-namespace/create-namespace.handler';
import { CreateNamespaceHttpController } from '../namespaces/create-namespace/create-namespace.http.controller';
import { DeleteNamespaceHandler } from '../namespaces/delete-namespace/delete-namespace.handler';
import { DeleteNamespaceHttpController } from '../namespaces/delete-namespace/delete-namespace.http.controller';
import { ListNamespacesHandler } from '../namespaces/list-namespaces/list-namespaces.handler';
import { ListNamespacesHttpController } from '../namespaces/list-namespaces/list-namespaces.http.controller';
import { CreateTunnelHandler } from './create-tunnel/create-tunnel.handler';
import { CreateTunnelHttpController } from './create-tunnel/create-tunnel.http.controller';
import { DeleteTunnelHandler } from './delete-tunnel/delete-tunnel.handler';
import { DeleteTunnelHttpController } from './delete-tunnel/delete-tunnel.http.controller';
import { GetTunnelHandler } from './get-tunnel/get-tunnel.handler';
import { GetTunnelHttpController } from './get-tunnel/get-tunnel.http.controller';
import { ListTunnelsHandler } from './list-tunnels/list-tunnels.handler';
import { ListTunnelsHttpController } from './list-tunnels/list-tunnels.http.controller';
import { RotateTunnelTokenHandler } from './rotate-tunnel-token/rotate-tunnel-token.handler';
import { RotateTunnelTokenHttpController } from './rotate-tunnel-token/rotate-tunnel-token.http.controller';
import { UpdateTunnelHandler } from './update-tunnel/update-tunnel.handler';
import { UpdateTunnelHttpController } from './update-tunnel/update-tunnel.http.controller';
import { RepositoriesModule, VaultsModule } from '@certplane/platform';

/**
 * The uplink client API: tunnels and the namespaces they live in (/v1/tunnels, /v1/namespace),
 * with the status-report receiver that answers connectedClients and metrics. The read-model
 * readers are only needed here, so they are provided here rather than by the platform.
 */
@Module({
  imports: [RepositoriesModule, VaultsModule, TunnelStatusModule],
  controllers: [
    ListTunnelsHttpController,
    GetTunnelHttpController,
    CreateTunnelHttpController,
    UpdateTunnelHttpController,
    DeleteTunnelHttpController,
    RotateTunnelTokenHttpController,
    ListNamespacesHttpController,
    CreateNamespaceHttpController,
    DeleteNamespaceHttpController,
  ],
  providers: [
    ListTunnelsHandler,
    GetTunnelHandler,
    CreateTunnelHandler,
    UpdateTunnelHandler,
    DeleteTunnelHandler,
    RotateTunnelTokenHandler,
    ListNamespacesHandler,
    CreateNamespaceHandler,
    DeleteNamespaceHandler,
    { provide: TunnelReadModel, useFactory: (ds: DataSource) => new TunnelReadModel(ds), inject: [DataSource] },
    { provide: NamespaceReadModel, useFactory: (ds: DataSource) => new NamespaceReadModel(ds), inject: [DataSource] },
  ],
})
export class TunnelsModule {}
