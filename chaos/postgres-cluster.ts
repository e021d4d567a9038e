import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/processes';

/**
 * A Postgres cluster of the run's own (initdb + pg_ctl on a free port), so it can be stopped
 * with `pg_ctl stop -m immediate` (a crash: no checkpoint, recovery from WAL on start) without
 * touching the machine's shared server. Postgres refuses to run as root: as root, the cluster
 * runs as the `postgres` user.
 */
export class PostgresCluster {
  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly asUser: { uid: number; gid: number } | undefined,
  ) {}

  static async create(): Promise<PostgresCluster> {
    const base = mkdtempSync(join(tmpdir(), 'cp-chaos-pg-'));
    const dataDir = join(base, 'data');
    const asUser = process.getuid?.() === 0 ? postgresUser() : undefined;
    if (asUser) {
      chownSync(base, asUser.uid, asUser.gid);
      chmodSync(base, 0o700);
    }
    const cluster = new PostgresCluster(await freePort(), dataDir, asUser);
    cluster.run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    return cluster;
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlOf(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  start(): void {
    // The socket goes to the data dir: /var/run/postgresql may not be writable by this user.
    const opts = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dataDir} -c max_connections=200 -c fsync=off -c full_page_writes=off`;
    this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-o',
      opts,
      '-l',
      join(this.dataDir, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  /** The crash: the postmaster SIGQUITs every backend, no shutdown checkpoint. */
  stopImmediate(): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
  }

  stopFast(): void {
    spawnSync('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop'], { stdio: 'ignore', ...this.asUser });
  }

  destroy(): void {
    this.stopFast();
    rmSync(join(this.dataDir, '..'), { recursive: true, force: true });
  }

  private run(cmd: string, args: string[]): void {
    try {
      execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir(), ...this.asUser });
    } catch (e) {
      const err = e as { stderr?: Buffer; stdout?: Buffer; message: string };
      throw new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    }
  }
}

function postgresUser(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}
