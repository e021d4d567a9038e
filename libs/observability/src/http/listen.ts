import { INestApplication } from '@nestjs/common';
import { ConfigError } from '@certplane/config';

/** Listens, and says which variable to change when the port is taken; resolves with the URL it answers on. */
export async function listenOn(app: INestApplication, port: number, host: string, variable: string): Promise<string> {
  try {
    await app.listen(port, host);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError(variable, `${port} is already in use on ${host}`);
    if (code === 'EACCES') throw new ConfigError(variable, `${port} may not be bound by this user on ${host}`);
    throw e;
  }
  return `http://localhost:${(app.getHttpServer().address() as { port: number }).port}`;
}
