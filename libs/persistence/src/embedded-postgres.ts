import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

// The name libpq and pg give a server's socket in a socket directory (for the default port 5432).
const SOCKET_FILE = '.s.PGSQL.5432';
// A unix socket's path must fit sun_path: 108 bytes on Linux, 104 on macOS.
const MAX_SOCKET_PATH = 100;

/**
 * The zero-configuration default: PGlite keeps its data under the data dir and speaks the
 * Postgres wire protocol, so the rest of certplane uses the same pg driver, migrations and SQL as
 * against a real server. The socket server multiplexes connections and keeps a transaction to the
 * connection that opened it.
 *
 * PGlite's socket server takes any user and password as superuser, so it listens on no TCP port:
 * only on a unix socket in the data dir, which is 0700, so only the user certplane runs as can reach
 * it (the same user can read the files anyway). PGlite writes its files with the process umask and
 * node's default modes, 0666 and 0777 under a usual umask: the umask is 077 from here on, and files
 * an earlier version or run left readable are made 0600 (directories 0700) before PGlite opens them.
 * A few files PGlite gives a mode of its own (its relation cache, 0644) are made 0600 again at stop;
 * while it runs they are inside the 0700 data dir.
 */
export async function startEmbeddedPostgres(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
  const root = resolve(dataDir);
  const dir = join(root, 'pglite');
  const umask = process.umask(0o077);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(root, 0o700);
  ownerOnly(dir);
  const db = await PGlite.create(dir);
  const socketDir =
    join(root, SOCKET_FILE).length <= MAX_SOCKET_PATH ? root : mkdtempSync(join(tmpdir(), 'certplane-pg-'));
  const socketPath = join(socketDir, SOCKET_FILE);
  // A socket file left by a process that died; PGlite itself refuses a data dir another process has open.
  rmSync(socketPath, { force: true });
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections });
  await server.start();
  return {
    url: `postgres://postgres@/postgres?host=${encodeURIComponent(socketDir)}&sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
      ownerOnly(dir);
      rmSync(socketPath, { force: true });
      if (socketDir !== root) rmSync(socketDir, { recursive: true, force: true });
      process.umask(umask);
    },
  };
}

/** Directories 0700 and files 0600, throughout the tree (symbolic links are left alone). */
function ownerOnly(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  chmodSync(path, stat.isDirectory() ? 0o700 : 0o600);
  if (stat.isDirectory()) for (const entry of readdirSync(path)) ownerOnly(join(path, entry));
}
