import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NextFunction, Request, Response, static as serveStatic } from 'express';
import { INestApplication } from '@nestjs/common';
import { packageRoot } from '@certplane/observability';

export const CONSOLE_PATH = '/console';

/**
 * The operator console: the pages `npm run build` made into dist/console (Vite, from
 * apps/console), served as they are; the page calls the API with the token its user signs in
 * with, so the files themselves need none. Any other path under /console is one of the page's
 * own routes (/console/clients/<id>) and gets the page. Without a build, /console is not found.
 */
export function serveConsole(app: INestApplication): void {
  const root = join(packageRoot() ?? process.cwd(), 'dist', 'console');
  const page = join(root, 'index.html');
  // Vite names assets by their content hash, so a cached one never goes stale.
  app.use(
    `${CONSOLE_PATH}/assets`,
    serveStatic(join(root, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }),
  );
  app.use(CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !existsSync(page)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(page);
  });
}
