// The console's build: `npm run build` (scripts/build.js) runs it after tsc, into dist/console,
// which the api serves at /console. Preact's JSX runtime stands in for React's.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/console/',
  logLevel: 'warn',
  // The API's answer types (libs/api-contract); imported as types only, so nothing of it reaches the bundle.
  resolve: {
    alias: { '@certplane/api-contract': fileURLToPath(new URL('../../libs/api-contract/src', import.meta.url)) },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)), emptyOutDir: true, sourcemap: true },
});
