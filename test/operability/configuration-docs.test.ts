import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from '@certplane/config';

/** docs/configuration.md's table documents every variable the config schema reads, with a default. */
describe('operability: every configuration variable is documented', () => {
  const page = readFileSync(join(__dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');
  const rows = page.split('\n').filter((l) => l.startsWith('| `'));

  it.each([...CONFIG_VARIABLES])('%s has a row with a default and a meaning', (variable) => {
    const row = rows.find((r) => r.split('|')[1].includes(`\`${variable}\``));
    expect(row).toBeDefined();
    const [, , byDefault, meaning] = row!.split(/(?<!\\)\|/).map((c) => c.trim());
    expect(byDefault).not.toBe('');
    expect(meaning).not.toBe('');
  });
});
