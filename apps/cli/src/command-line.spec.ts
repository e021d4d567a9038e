import fc from 'fast-check';
import { CliError, EXIT } from './cli-error';
import { FlagSpecs, parseCommandLine } from './command-line';

const SPECS: FlagSpecs = {
  url: { type: 'string', value: '<url>', help: '' },
  tag: { type: 'strings', value: '<tag>', help: '' },
  json: { type: 'boolean', help: '' },
  'revoke-old': { type: 'boolean', help: '' },
  help: { type: 'boolean', help: '' },
};

const usageError = (argv: string[]): string => {
  try {
    parseCommandLine(argv, SPECS);
  } catch (e) {
    if (e instanceof CliError && e.exitCode === EXIT.usage) return e.message;
    throw e;
  }
  throw new Error(`accepted ${JSON.stringify(argv)}`);
};

// A positional never starts with '-' (those are flags); values may hold anything but a leading '--'.
const positional = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.startsWith('-'));
const value = fc.string({ maxLength: 12 }).filter((s) => !s.startsWith('--'));

describe('parseCommandLine', () => {
  it('reads back any mix of positionals and flags, in either spelling (--flag v, --flag=v)', () => {
    fc.assert(
      fc.property(
        fc.array(positional, { maxLength: 4 }),
        fc.option(value, { nil: undefined }),
        fc.array(value, { maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (positionals, url, tags, json, revokeOld, equalsForm) => {
          const pair = (name: string, v: string) => (equalsForm || v === '' ? [`--${name}=${v}`] : [`--${name}`, v]);
          const flags: string[][] = [
            ...(url !== undefined ? [pair('url', url)] : []),
            ...tags.map((t) => pair('tag', t)),
            ...(json ? [['--json']] : []),
            ...(revokeOld ? [['--revoke-old']] : []),
          ];
          // Positionals and flags interleaved: each flag group lands after some positional.
          const argv: string[] = [];
          const rest = [...flags];
          for (const p of positionals) {
            argv.push(p);
            if (rest.length > 0) argv.push(...rest.shift()!);
          }
          for (const f of rest) argv.push(...f);
          const line = parseCommandLine(argv, SPECS);
          expect(line.positionals).toEqual(positionals);
          expect(line.values).toEqual({
            ...(url !== undefined ? { url } : {}),
            ...(tags.length ? { tag: tags } : {}),
            ...(json ? { json: true } : {}),
            ...(revokeOld ? { 'revoke-old': true } : {}),
          });
        },
      ),
    );
  });

  it('takes everything after -- as positionals, and a lone - as one', () => {
    expect(parseCommandLine(['a', '--', '--json', '-h'], SPECS)).toEqual({
      positionals: ['a', '--json', '-h'],
      values: {},
    });
    expect(parseCommandLine(['-', '-h'], SPECS)).toEqual({ positionals: ['-'], values: { help: true } });
  });

  it('refuses, with exit 2 and one line, every flag it was not given', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z-]{0,15}$/).filter((n) => !(n in SPECS)),
        fc.array(positional, { maxLength: 2 }),
        (name, before) => {
          const message = usageError([...before, `--${name}`]);
          expect(message).toBe(`unknown flag --${name}`);
        },
      ),
    );
    for (const odd of ['-x', '---url', '--', '--__proto__', '--constructor', '--toString'])
      if (odd !== '--') expect(usageError([odd])).toMatch(/^unknown flag /);
  });

  it('never prints what it cannot show on one line', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (junk) => {
        fc.pre(!Object.hasOwn(SPECS, junk.split('=')[0]));
        expect(usageError([`--${junk}`])).not.toContain('\n');
      }),
    );
  });

  it('refuses a missing value, a value on a switch and a single flag given twice', () => {
    expect(usageError(['--url'])).toBe('--url needs a value <url>');
    expect(usageError(['--url', '--json'])).toBe('--url needs a value <url>');
    expect(usageError(['--json=yes'])).toBe('--json takes no value');
    expect(usageError(['--url', 'a', '--url=b'])).toBe('--url given twice');
    expect(parseCommandLine(['--url=--odd'], SPECS).values).toEqual({ url: '--odd' });
  });
});
