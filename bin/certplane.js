#!/usr/bin/env node
'use strict';
// The CLI is TypeScript (apps/cli) compiled by `npm run build`; this shim only finds and starts it.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(`certplane: the CLI is not built yet; run \`npm run build\` in ${root}\n`);
  process.exit(2);
}
require(entry);
