import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { packageRoot } from '@certplane/observability';

export const CONSOLE_PATH = '/console';

/**
 * The operator console: the pages `npm run build` made into dist/console (Vite, from
 * apps/console), served as they are; the page calls the API with the token its user signs in
 * with, so the files themselves need none. Any other path under /console is one of the page's
 * own routes (/console/clients/<id>) and gets the page. Without a build, /console is not found.
 */
export function serveConsole(fastify: FastifyInstance): void {
  const root = join(packageRoot() ?? process.cwd(), 'dist', 'console');
  const page = join(root, 'index.html');
  // Vite names assets by their content hash, so a cached one never goes stale.
  void fastify.register(fastifyStatic, {
    root: join(root, 'assets'),
    prefix: `${CONSOLE_PATH}/assets/`,
    immutable: true,
    maxAge: '1y',
    index: false,
  });
  const sendPage = (_req: FastifyRequest, reply: FastifyReply) => {
    if (!existsSync(page)) return reply.callNotFound();
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  };
  fastify.get(CONSOLE_PATH, sendPage);
  fastify.get(`${CONSOLE_PATH}/*`, sendPage);
}
