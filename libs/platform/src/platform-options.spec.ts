import { ProcessRole, runsRelay } from './platform-options';

describe('runsRelay: which processes publish and sweep the outbox', () => {
  it.each<[ProcessRole, boolean | undefined, boolean]>([
    ['all-in-one', undefined, true],
    ['api', undefined, true],
    ['cert-issuer', undefined, true],
    ['projector', undefined, false],
    ['tool', false, false],
    ['api', false, false],
  ])('%s (relay: %s) → %s', (role, relay, runs) => {
    expect(runsRelay({ role, relay })).toBe(runs);
  });
});
