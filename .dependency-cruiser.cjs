/**
 * The layer rules of ../shared/ARCHITECTURE.md, checked by `npm run lint:layers` (a CI gate):
 * the domain is plain TypeScript, libs never reach into apps, apps never into each other, and
 * nothing imports in a circle.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'libs/domain decides; it imports only itself, the Node.js runtime, and zod (validation without I/O). ' +
        'No framework, database, bus or other lib.',
      severity: 'error',
      from: { path: '^libs/domain/src', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: ['^libs/domain/src', '(^|/)node_modules/zod/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'api-contract-is-types-only',
      comment:
        "libs/api-contract declares the answers' shapes for the api, the CLI and the browser's console: it imports " +
        'nothing, so none of them takes code of another with it.',
      severity: 'error',
      from: { path: '^libs/api-contract/src' },
      to: { pathNot: '^libs/api-contract/src' },
    },
    {
      name: 'libs-do-not-import-apps',
      comment: 'Apps compose libs; a lib that needs something of an app should own it instead.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-do-not-import-apps',
      comment: 'Each app is its own process; what two apps share belongs in a lib.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes the import order decide what is initialised (type-only imports vanish at run time).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
