import type { ChildProcess } from 'node:child_process';
import { Server, Socket } from 'node:net';

/**
 * What still holds the process open after the last test file: child processes, sockets and
 * servers, named so the file that left them can be found. Timers are counted by kind only
 * (Node gives no handle for them).
 */
export function leakedHandles(): string[] {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  const described = handles.filter(holdsProcessOpen).flatMap((h): string[] => {
    if (h === process.stdout || h === process.stderr || h === process.stdin) return [];
    if (h instanceof Socket) {
      if (!h.remotePort && !h.localPort) return [];
      return [`socket ${h.localAddress}:${h.localPort} → ${h.remoteAddress}:${h.remotePort}`];
    }
    if (h instanceof Server) return [`server listening on ${JSON.stringify(h.address())}`];
    const child = h as Partial<ChildProcess> & { constructor: { name: string } };
    if (typeof child.pid === 'number' && child.spawnargs)
      return [`child process ${child.pid}: ${child.spawnargs.join(' ')}`];
    return [h?.constructor?.name ?? typeof h];
  });
  const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'Immediate');
  if (timers.length > 0) described.push(`${timers.length} timer(s)`);
  return described;
}

/** An unref'd handle lets the process exit, so it is no leak of this kind. */
function holdsProcessOpen(h: unknown): boolean {
  const inner = (h as { _handle?: { hasRef?(): boolean } })._handle;
  return typeof inner?.hasRef === 'function' ? inner.hasRef() : true;
}
