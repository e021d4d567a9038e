// Three projects, run in this order by `npm test`:
// - unit: specs next to the code they test, no services;
// - medium: a handler, a worker or the event store against the real Postgres (and the in-process
//   bus or real NATS), no HTTP: test/medium and the store-level directories;
// - e2e: everything else in test/, certplane whole, over HTTP or as processes.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
  },
];
const moduleNameMapper = {
  '^@certplane/([a-z-]+)$': '<rootDir>/libs/$1/src',
};
// content-disposition (under @fastify/static) ships ES modules only; node requires them, jest needs them made CommonJS.
const ESM_ONLY = ['content-disposition'];
const swcCommonJs = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
const common = {
  transform: { '^.+\\.ts$': swc, [`/node_modules/(.+/)?(${ESM_ONLY.join('|')})/.+\\.js$`]: swcCommonJs },
  transformIgnorePatterns: [`/node_modules/(?!(.+/)?(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};
const services = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
const MEDIUM = ['medium', 'event-store', 'persistence', 'projections'];
module.exports = {
  // Jest reads testTimeout only here, not per project; integration tests talk to real services.
  testTimeout: 60000,
  // A handle some test leaves open (a socket, a child process) must not hold CI until its time
  // runs out: the global teardown names what was left, then Jest exits anyway.
  forceExit: true,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] },
    {
      ...common,
      ...services,
      displayName: 'medium',
      testMatch: MEDIUM.map((dir) => `<rootDir>/test/${dir}/**/*.test.ts`),
    },
    {
      ...common,
      ...services,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: MEDIUM.map((dir) => `<rootDir>/test/${dir}/`),
    },
  ],
};
