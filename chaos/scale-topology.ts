import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { withNats } from '../test/support/nats-admin';
import { freePort, PrivateNatsCluster, PrivateNatsServer } from '../test/support/processes';
import { PostgresCluster } from './postgres-cluster';
import {
  appEnv,
  assertBuilt,
  ProcessSlot,
  RunTopology,
  Secrets,
  startRunPostgres,
  UNLIMITED_API_ENV,
} from './topology';

/**
 * Every service replicated on this machine: a Postgres cluster of the run's own, a three-node
 * JetStream cluster (the stream at three replicas, as NATS_URL names three servers), two apis,
 * two cert-issuers and two projectors, each its own process.
 */
export class ScaleTopology extends RunTopology {
  readonly bus = {
    streamName: `cp-scale-${randomBytes(4).toString('hex')}`,
    subjectPrefix: `cps.${randomBytes(4).toString('hex')}.events`,
  };
  readonly secrets: Secrets = {
    apiToken: 'scale-token-' + randomBytes(24).toString('hex'),
    encryptionKey: randomBytes(32).toString('base64'),
  };
  readonly slots: ProcessSlot[];
  readonly apis: ProcessSlot[];

  private constructor(
    pg: PostgresCluster,
    readonly nats: PrivateNatsCluster,
    readonly apiPorts: number[],
  ) {
    super(pg);
    const common = () => appEnv(this);
    this.apis = apiPorts.map(
      (port, i) =>
        new ProcessSlot(`api-${i + 1}`, 'api', () => ({ ...common(), ...UNLIMITED_API_ENV, PORT: String(port) })),
    );
    const issuers = [1, 2].map(
      (i) =>
        new ProcessSlot(`cert-issuer-${i}`, 'cert-issuer', () => ({
          ...common(),
          CERTPLANE_CONSUMER_CONCURRENCY: '4',
        })),
    );
    const projectors = [1, 2].map((i) => new ProcessSlot(`projector-${i}`, 'projector', common));
    this.slots = [...this.apis, ...issuers, ...projectors];
  }

  static async start(log: (line: string) => void): Promise<ScaleTopology> {
    assertBuilt();
    const pg = await startRunPostgres('certplane', log);
    const nats = await PrivateNatsCluster.start(3);
    log(`nats-server -js cluster of 3 on ports ${nats.nodes.map((n) => n.port).join(', ')}`);
    const topo = new ScaleTopology(pg, nats, [await freePort(), await freePort()]);
    // One api migrates first; everything else then finds the schema in place.
    await topo.apis[0].start();
    await Promise.all(topo.slots.slice(1).map((s) => s.start()));
    log(`apis on ${topo.apiUrls.join(' and ')}, cert-issuer x2, projector x2 started`);
    return topo;
  }

  get natsUrl(): string {
    return this.nats.url;
  }

  get apiUrls(): string[] {
    return this.apiPorts.map((p) => `http://127.0.0.1:${p}`);
  }

  /** The node leading the stream now (nats-server names the nodes <cluster>-n<index>). */
  async streamLeader(): Promise<PrivateNatsServer> {
    const leader = await withNats(
      this.natsUrl,
      async (nc) => (await (await jetstreamManager(nc)).streams.info(this.bus.streamName)).cluster?.leader,
    );
    const index = Number(/-n(\d+)$/.exec(leader ?? '')?.[1]);
    if (!Number.isInteger(index) || !this.nats.nodes[index])
      throw new Error(`the stream has no leader a node of the run is named after (${leader})`);
    return this.nats.nodes[index];
  }

  /** kill -9, its JetStream store deleted, started again empty: it must catch up from the others. */
  static async wipe(node: PrivateNatsServer): Promise<void> {
    await node.kill();
    rmSync(join(node.storeDir, 'js'), { recursive: true, force: true });
    await node.restart();
  }

  protected destroyNats(): Promise<void> {
    return this.nats.destroy();
  }
}
