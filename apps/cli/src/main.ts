import { runCli } from './run-cli';

// `npx certplane …` (bin/certplane.js) lands here once `npm run build` has compiled the CLI.
void runCli(process.argv.slice(2), { env: process.env, out: process.stdout, err: process.stderr }).then((code) => {
  process.exitCode = code;
});
