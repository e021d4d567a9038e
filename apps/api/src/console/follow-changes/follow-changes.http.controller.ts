import { BeforeApplicationShutdown, Controller, Get, Req, Res } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { ServerResponse } from 'node:http';
import { FastifyRequest, FastifyReply } from 'fastify';
import { ReadModelChangeNews, ReadModelUpdates } from '@certplane/read-model';
import { ClientRoute } from '../../clients/client-api-docs';
import { Roles } from '../../auth/access.decorators';

/** Often enough that proxies keep an idle stream open, and that an api no commit wakes still tells its viewers to look again. */
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events fed by the projector's commits (ReadModelUpdates: this process's projector or
 * another's, through LISTEN/NOTIFY): which streams' read models changed and by which event types.
 * Ids and type names only, never an event's data, so nothing the caller could not list anyway and
 * no secret; the viewer reads what changed through the routes its role may call.
 */
@Controller('changes')
@Roles('operator')
export class FollowChangesHttpController implements BeforeApplicationShutdown {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly updates: ReadModelUpdates) {}

  @ClientRoute({
    tag: 'console',
    summary: 'Live changes of the read models (server-sent events)',
    description:
      'text/event-stream of `change` events, each {"streams":[{"id","types"}]} (the stream ids whose read models a commit changed and the event types applied, ' +
      'types empty when unknown) or {"everything":true} when changes may have been missed: reread what you show. A comment line every 15 s keeps the stream open.',
    success: { status: 200, description: 'text/event-stream' },
    errors: [],
  })
  @ApiProduces('text/event-stream')
  @Get()
  follow(@Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    // The stream is written as it goes, not as one answer: fastify leaves the response to it.
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    res.write(': following\n\n');
    const send = (change: ReadModelChangeNews) =>
      res.write(`event: change\ndata: ${JSON.stringify(changeMessage(change))}\n\n`);
    const stop = this.updates.follow(send);
    const heartbeat = setInterval(() => {
      if (this.updates.wokenByCommits) res.write(': heartbeat\n\n');
      else send({ streamIds: [], everything: true });
    }, HEARTBEAT_MS);
    this.open.add(res);
    req.raw.on('close', () => {
      stop();
      clearInterval(heartbeat);
      this.open.delete(res);
    });
  }

  /** An open stream is a request that never finishes: end them so shutdown does not wait for viewers. */
  beforeApplicationShutdown(): void {
    for (const res of this.open) res.end();
  }
}

function changeMessage(change: ReadModelChangeNews): object {
  if (change.everything) return { everything: true };
  return { streams: change.streamIds.map((id) => ({ id, types: [...(change.typesByStream?.get(id) ?? [])] })) };
}
