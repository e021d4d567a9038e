// The console's build: `npm run build` (scripts/build.js) runs it after tsc, into dist/console,
// which the api serves at /console. Preact's JSX runtime stands in for React's.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/console/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)), emptyOutDir: true, sourcemap: true },
});
