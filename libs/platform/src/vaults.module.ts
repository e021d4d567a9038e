import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SecretBox } from '@certplane/pki';
import { ClientKeyVault, TunnelTokenVault } from '@certplane/vault';

/**
 * The sealed secrets of clients and tunnels, for the modules that keep or read them; sealed with the
 * PlatformModule's SecretBox. The CA's keys stay in the PlatformModule: the process opens them at
 * start and closes them in its shutdown order.
 */
@Module({
  providers: [
    {
      provide: TunnelTokenVault,
      useFactory: (ds: DataSource, box: SecretBox) => new TunnelTokenVault(ds, box),
      inject: [DataSource, SecretBox],
    },
    {
      provide: ClientKeyVault,
      useFactory: (ds: DataSource, box: SecretBox) => new ClientKeyVault(ds, box),
      inject: [DataSource, SecretBox],
    },
  ],
  exports: [TunnelTokenVault, ClientKeyVault],
})
export class VaultsModule {}
