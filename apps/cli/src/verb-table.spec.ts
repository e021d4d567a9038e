import { COMMON_FLAGS, overview, verbHelp } from './help';
import { VERBS } from './verb-table';

describe('the verb table', () => {
  it('names every verb once, and no verb is the start of another', () => {
    const names = VERBS.map((v) => v.words.join(' '));
    expect(new Set(names).size).toBe(names.length);
    for (const a of VERBS)
      for (const b of VERBS)
        if (a !== b) expect(b.words.slice(0, a.words.length).join(' ')).not.toBe(a.words.join(' '));
  });

  it('gives each flag name one meaning: a switch everywhere or a value everywhere, never a common flag redefined', () => {
    const kinds = new Map<string, string>();
    for (const v of VERBS) {
      for (const [name, spec] of Object.entries(v.flags)) {
        expect(Object.hasOwn(COMMON_FLAGS, name)).toBe(false);
        const kind = spec.type === 'boolean' ? 'switch' : 'value';
        expect(`${name}: ${kinds.get(name) ?? kind}`).toBe(`${name}: ${kind}`);
        kinds.set(name, kind);
      }
    }
  });

  it('documents every verb and flag in help, and says which API routes each verb calls', () => {
    const all = overview(VERBS);
    for (const v of VERBS) {
      expect(all).toContain(v.words.join(' '));
      expect(v.routes.length).toBeGreaterThan(0);
      for (const route of v.routes) expect(route).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \/[^\s]*$/);
      const help = verbHelp(v);
      for (const name of [...Object.keys(v.flags), ...Object.keys(COMMON_FLAGS)]) expect(help).toContain(`--${name}`);
    }
  });
});
