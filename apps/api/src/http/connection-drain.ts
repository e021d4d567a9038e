import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { ServerResponse } from 'node:http';
import { FastifyReply, FastifyRequest } from 'fastify';

const WRITE_HEAD = Symbol('certplane.writeHead');
type DrainedResponse = ServerResponse & { [WRITE_HEAD]: ServerResponse['writeHead'] };

/**
 * Makes keep-alive connections end when the process is told to stop. server.close() stops
 * accepting connections and closes idle ones, but a connection that keeps carrying requests is
 * never idle: under steady load the api never finished closing and a SIGTERM had to become a
 * SIGKILL. From the moment shutdown begins every answer, including those of requests already in
 * flight, says `Connection: close`, so each client finishes its current request and then takes
 * its next one elsewhere (or, once this api is gone, to its successor).
 */
@Injectable()
export class ConnectionDrain implements BeforeApplicationShutdown {
  private draining = false;

  // Made once: per request the middleware only swaps this in, so no closure is built for each one.
  private readonly writeHead = ((drain: ConnectionDrain) =>
    function (this: DrainedResponse, ...args: unknown[]) {
      if (drain.draining && !this.headersSent) this.setHeader('Connection', 'close');
      return (this[WRITE_HEAD] as (...a: unknown[]) => ServerResponse).apply(this, args);
    })(this) as ServerResponse['writeHead'];

  readonly hook = (_req: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    // Headers are decided when they are written (res.end writes them implicitly through writeHead).
    const res = reply.raw;
    (res as DrainedResponse)[WRITE_HEAD] = res.writeHead;
    res.writeHead = this.writeHead;
    done();
  };

  beforeApplicationShutdown(): void {
    this.draining = true;
  }
}
