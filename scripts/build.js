#!/usr/bin/env node
'use strict';
// `npm run build` and `npm start`'s build step. tsc compiles incrementally (dist/.tsbuildinfo),
// then tsc-alias rewrites the @certplane/* imports, then Vite builds the operator console
// (apps/console) into dist/console, which the api serves at /console. With --if-changed (npm start) a fingerprint of
// every input file's size and mtime is compared with the one the last build left in dist/: an
// unchanged checkout starts without running tsc at all, which even incrementally takes seconds.
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const dist = join(root, 'dist');
const stampFile = join(dist, '.build-fingerprint');
const SOURCE_DIRS = ['apps', 'libs', 'migrations', 'bench', 'chaos'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/build.js'];

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|css|html|mjs)$/.test(entry.name) && !entry.name.endsWith('.spec.ts')) yield path;
  }
}

function fingerprint() {
  const hash = createHash('sha256');
  const files = [
    ...SOURCE_DIRS.flatMap((d) => [...sourceFiles(join(root, d))]),
    ...SOURCE_FILES.map((f) => join(root, f)),
  ].sort();
  for (const file of files) {
    const s = statSync(file);
    hash.update(`${relative(root, file)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

function run(bin, args) {
  const result = spawnSync(process.execPath, [bin.startsWith('/') ? bin : require.resolve(bin), ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const ifChanged = process.argv.includes('--if-changed');
// --no-check: emit without type-checking, for a caller that has just checked these very sources
// (npm test's typecheck, whose tsconfig.json covers every file of tsconfig.build.json). The
// output is the same; tsc takes about half the time; dist/.tsbuildinfo records what is unchecked.
const noCheck = process.argv.includes('--no-check');
const current = fingerprint();
if (ifChanged && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === current) process.exit(0);
const first = !existsSync(join(dist, '.tsbuildinfo'));
const started = Date.now();
if (ifChanged) {
  process.stdout.write(
    first
      ? 'certplane: compiling TypeScript into dist/ (the first time takes about a minute; later only what changed)...\n'
      : 'certplane: sources changed since the last build: compiling what changed...\n',
  );
}
run('typescript/bin/tsc', ['-p', 'tsconfig.build.json', ...(noCheck ? ['--noCheck'] : [])]);
run('tsc-alias/dist/bin/index.js', ['-p', 'tsconfig.build.json']);
// Vite's package exports do not include its command line, so it is found by path.
run(join(root, 'node_modules', 'vite', 'bin', 'vite.js'), ['build', '--config', 'apps/console/vite.config.mjs']);
mkdirSync(dist, { recursive: true });
writeFileSync(stampFile, current);
if (ifChanged) process.stdout.write(`certplane: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
