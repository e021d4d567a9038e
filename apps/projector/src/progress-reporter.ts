import { RebuildProgress } from '@certplane/projections';

/** One line rewritten in place on a terminal; plain lines (at most one a second) in CI logs and pipes. */
export function progressReporter(out: NodeJS.WriteStream) {
  const started = Date.now();
  let lastLine = 0;
  const line = (p: RebuildProgress) => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    return `rebuilding projections: ${p.done}/${p.total} events (${Math.round(p.done / seconds)}/s)`;
  };
  const report = (p: RebuildProgress) => {
    if (out.isTTY) out.write(`\r${line(p)}`);
    else if (Date.now() - lastLine >= 1000) {
      lastLine = Date.now();
      out.write(`${line(p)}\n`);
    }
  };
  report.done = (p: RebuildProgress, ms: number) => {
    out.write(`${out.isTTY ? '\r' : ''}rebuilt projections from ${p.done} events in ${(ms / 1000).toFixed(1)}s\n`);
  };
  return report;
}
