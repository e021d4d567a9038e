import { CliError, EXIT } from './cli-error';

/** One --flag a verb takes: a value (`--url <url>`), a value given any number of times, or a switch. */
export interface FlagSpec {
  type: 'string' | 'strings' | 'boolean';
  /** The value's placeholder in help, e.g. `<url>` */
  value?: string;
  help: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export type FlagValues = Partial<Record<string, string | string[] | boolean>>;

export interface CommandLine {
  positionals: string[];
  values: FlagValues;
}

/** `-h` is the only short flag: every other one is spelt out, so a script reads the same as its help. */
const SHORT: Readonly<Record<string, string>> = { h: 'help' };

/**
 * Splits argv into positionals and the flags `specs` allows: `--name value` or `--name=value`, a
 * switch as `--name` alone, `--` ends the flags. Anything else is a one-line usage error (exit 2):
 * an unknown flag, a value missing or given twice, a value on a switch. A value that starts with
 * `--` must be written `--name=--value`, so a forgotten value never swallows the next flag.
 */
export function parseCommandLine(argv: readonly string[], specs: FlagSpecs): CommandLine {
  const positionals: string[] = [];
  const values: FlagValues = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const written = eq === -1 ? arg : arg.slice(0, eq);
    const name = written.startsWith('--') ? written.slice(2) : SHORT[written.slice(1)];
    const spec = name !== undefined && Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec || name === undefined) throw new CliError(`unknown flag ${printable(written)}`, EXIT.usage);
    if (spec.type === 'boolean') {
      if (eq !== -1) throw new CliError(`--${name} takes no value`, EXIT.usage);
      values[name] = true;
      continue;
    }
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new CliError(`--${name} needs a value${spec.value ? ` ${spec.value}` : ''}`, EXIT.usage);
      value = next;
      i++;
    }
    if (spec.type === 'strings') values[name] = [...((values[name] as string[] | undefined) ?? []), value];
    else if (values[name] !== undefined) throw new CliError(`--${name} given twice`, EXIT.usage);
    else values[name] = value;
  }
  return { positionals, values };
}

/** A flag as the user typed it, quoted when it holds anything a terminal could misread. */
export function printable(text: string): string {
  return /^[\x21-\x7e]{1,64}$/.test(text) ? text : JSON.stringify(text.slice(0, 64));
}
