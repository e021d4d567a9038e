import { EXIT } from './cli-error';
import { FlagSpecs } from './command-line';
import { renderTable } from './render-table';
import { Verb } from './verb';

export const DEFAULT_URL = 'http://localhost:8080';

/** The flags every verb takes, besides its own. */
export const COMMON_FLAGS: FlagSpecs = {
  url: { type: 'string', value: '<url>', help: `certplane's API (default: $CERTPLANE_URL, else ${DEFAULT_URL})` },
  token: { type: 'string', value: '<token>', help: 'the API token (default: $CERTPLANE_API_TOKEN)' },
  cacert: {
    type: 'string',
    value: '<file>',
    help: "for an https:// --url: trust the CA certificates in <file> (PEM, e.g. cluster.crt) instead of the system's (default: $CERTPLANE_CACERT)",
  },
  json: { type: 'boolean', help: "print the API's JSON instead of a table" },
  help: { type: 'boolean', help: 'show help (also: certplane help <verb>)' },
};

export const EXIT_CODES = `Exit codes: ${EXIT.ok} done, ${EXIT.failed} certplane refused or failed (or a file is in the way), ${EXIT.usage} wrong usage, ${EXIT.unreachable} certplane unreachable.`;

const synopsis = (v: Verb) => ['certplane', ...v.words, ...v.args].join(' ');

const flagTable = (specs: FlagSpecs) =>
  renderTable(
    {
      columns: ['', ''],
      rows: Object.entries(specs).map(([name, s]) => [
        `  ${name === 'help' ? '-h, ' : ''}--${name}${s.value ? ` ${s.value}` : ''}`,
        s.help,
      ]),
    },
    { colour: false, headings: false },
  );

/** `certplane help`: every verb, one line each. */
export function overview(verbs: readonly Verb[]): string {
  const list = renderTable(
    { columns: ['', ''], rows: verbs.map((v) => [`  ${[...v.words, ...v.args].join(' ')}`, v.summary]) },
    { colour: false, headings: false },
  );
  return `Usage: certplane <verb> [arguments] [flags]

Verbs:
${list}
Flags every verb takes:
${flagTable(COMMON_FLAGS)}
certplane help <verb> (or certplane <verb> --help) shows a verb's own flags.
${EXIT_CODES}
`;
}

/** `certplane help clients`: the verbs of one family. */
export function familyHelp(family: string, verbs: readonly Verb[]): string {
  const list = renderTable(
    { columns: ['', ''], rows: verbs.map((v) => [`  ${synopsis(v)}`, v.summary]) },
    { colour: false, headings: false },
  );
  return `Usage:\n${list}\ncertplane help ${family} <verb> shows a verb's own flags.\n`;
}

/** `certplane help clients list`: one verb, its flags and what else to know. */
export function verbHelp(v: Verb): string {
  const own = Object.keys(v.flags).length > 0 ? `Flags:\n${flagTable(v.flags)}\n` : '';
  const token =
    v.credential === 'enrolment token'
      ? {
          ...COMMON_FLAGS,
          token: { ...COMMON_FLAGS.token, help: 'the enrolment token (default: $CERTPLANE_ENROLMENT_TOKEN)' },
        }
      : COMMON_FLAGS;
  return `Usage: ${synopsis(v)} [flags]

${v.summary}
${v.details ? `\n${v.details}\n` : ''}
${own}Flags every verb takes:
${flagTable(token)}
${EXIT_CODES}
`;
}
