import { storedToken } from './session';

export interface Change {
  streams?: Array<{ id: string; types: string[] }>;
  everything?: boolean;
}

type Listener = (change: Change) => void;

const listeners = new Set<Listener>();
let running: AbortController | undefined;

/**
 * One stream of GET /changes per tab, read with fetch rather than EventSource, which cannot send
 * the Authorization header (and the token must not go into the URL). Reconnects after a pause;
 * a reconnect tells every page to reread, since changes may have passed meanwhile.
 */
export function onChange(listener: Listener): () => void {
  listeners.add(listener);
  if (!running) start();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) stop();
  };
}

export function stop(): void {
  running?.abort();
  running = undefined;
}

function start(): void {
  const ctl = new AbortController();
  running = ctl;
  void (async () => {
    let first = true;
    while (!ctl.signal.aborted) {
      try {
        if (!first) tell({ everything: true });
        first = false;
        await read(ctl.signal);
      } catch {
        // The stream broke or the api restarted: try again shortly.
      }
      if (!ctl.signal.aborted) await new Promise((r) => setTimeout(r, 2000));
    }
  })();
}

async function read(signal: AbortSignal): Promise<void> {
  const token = storedToken();
  if (!token) return;
  const res = await fetch('/changes', {
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
    signal,
  });
  if (!res.ok || !res.body) return;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('\n');
      if (data) tell(JSON.parse(data) as Change);
    }
  }
}

function tell(change: Change): void {
  for (const l of [...listeners]) l(change);
}

/** Whether a change touched a stream whose id starts with one of the prefixes (`client-`, `tunnel-`…). */
export function touches(...prefixes: string[]): (change: Change) => boolean {
  return (change) => (change.streams ?? []).some((s) => prefixes.some((p) => s.id.startsWith(p)));
}
