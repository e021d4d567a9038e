import { runCli } from './run-cli';

// `npx certplane …` (bin/certplane.js) lands here once `npm run build` has compiled the CLI.
// The agent turns SIGTERM and SIGINT into a clean stop (exit 0); the other commands keep node's default.
const stop = new AbortController();
if (process.argv[2] === 'agent')
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stop.abort());
void runCli(process.argv.slice(2), {
  env: process.env,
  out: process.stdout,
  err: process.stderr,
  signal: stop.signal,
}).then((code) => {
  process.exitCode = code;
});
