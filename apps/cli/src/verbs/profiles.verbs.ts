import { readFile } from 'node:fs/promises';
import type { ProfileView } from '@certplane/api-contract';
import { CliError, EXIT } from '../cli-error';
import { FlagValues } from '../command-line';
import { flag, Verb } from '../verb';
import { segment, table } from './verb-parts';

const FILE_FLAG = {
  file: {
    type: 'string',
    value: '<path>',
    help: 'a JSON file holding the profile (keyTypes, extendedKeyUsages, sans, subject, validity, maxValidity); see docs/profiles.md',
  },
} as const;

/** The profile a --file holds, as a JSON object; unreadable or not JSON is a usage error. */
async function profileFile(flags: FlagValues): Promise<Record<string, unknown>> {
  const path = flag(flags, 'file');
  if (path === undefined) throw new CliError('--file <path> is required: a JSON file holding the profile', EXIT.usage);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(
      `cannot read --file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      EXIT.usage,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CliError(`--file ${path} is not JSON`, EXIT.usage);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new CliError(`--file ${path} must hold a JSON object`, EXIT.usage);
  return body as Record<string, unknown>;
}

const sanKinds = (p: ProfileView) =>
  Object.entries(p.sans ?? {})
    .map(([kind, rule]) => `${kind}${rule?.max !== undefined ? `(${rule.max})` : ''}`)
    .join(',');

function fields(p: ProfileView): ReadonlyArray<readonly [string, string]> {
  return [
    ['name', p.name],
    ['built in', p.builtIn ? 'yes' : 'no'],
    ['key types', p.keyTypes.join(',')],
    ['usages', p.extendedKeyUsages.join(',')],
    ['sans', sanKinds(p) || '-'],
    ['common name', p.subject.commonName],
    ['subject', p.subject.extra.map((r) => `${r.type}=${r.value}`).join(',') || '-'],
    ['validity', p.validity ?? '(deployment)'],
    ['max validity', p.maxValidity ?? '(deployment)'],
  ];
}

export const PROFILE_VERBS: readonly Verb[] = [
  {
    words: ['profiles', 'list'],
    args: [],
    summary: 'list the certificate profiles, the built-in default first',
    flags: {},
    routes: ['GET /profiles'],
    async run({ api }) {
      const profiles = (await api.call('GET', '/profiles')) as ProfileView[];
      const rows = profiles.map((p) => [
        p.name,
        p.keyTypes.join(','),
        p.extendedKeyUsages.join(','),
        sanKinds(p) || '-',
        p.validity ?? '-',
        p.builtIn ? 'built in' : '',
      ]);
      return { json: profiles, human: [table(['NAME', 'KEY TYPES', 'USAGES', 'SANS', 'VALIDITY', ''], rows)] };
    },
  },
  {
    words: ['profiles', 'show'],
    args: ['<name>'],
    summary: 'show one certificate profile',
    flags: {},
    routes: ['GET /profiles/{name}'],
    async run({ api, args }) {
      const p = (await api.call('GET', `/profiles/${segment(args[0])}`)) as ProfileView;
      return { json: p, human: [{ fields: fields(p) }] };
    },
  },
  {
    words: ['profiles', 'define'],
    args: ['<name>'],
    summary: 'define a new certificate profile from a JSON file (admin)',
    details:
      'The file holds the profile without its name, e.g. {"keyTypes":["ec-p256"],"extendedKeyUsages":["clientAuth"],"subject":{"commonName":"{name}"}}.',
    flags: FILE_FLAG,
    routes: ['POST /profiles'],
    async run({ api, args, flags }) {
      const body = { ...(await profileFile(flags)), name: args[0] };
      const p = (await api.call('POST', '/profiles', { body })) as ProfileView;
      return { json: p, human: [{ fields: fields(p) }] };
    },
  },
  {
    words: ['profiles', 'replace'],
    args: ['<name>'],
    summary: 'replace a certificate profile from a JSON file (admin); certificates issued later follow it',
    flags: FILE_FLAG,
    routes: ['PUT /profiles/{name}'],
    async run({ api, args, flags }) {
      const body = await profileFile(flags);
      delete body.name;
      const p = (await api.call('PUT', `/profiles/${segment(args[0])}`, { body })) as ProfileView;
      return { json: p, human: [{ fields: fields(p) }] };
    },
  },
  {
    words: ['profiles', 'delete'],
    args: ['<name>'],
    summary: 'delete a certificate profile (admin); refused while live clients are under it',
    flags: {},
    routes: ['DELETE /profiles/{name}'],
    async run({ api, args }) {
      await api.call('DELETE', `/profiles/${segment(args[0])}`);
      return { human: [`deleted profile ${args[0]}`] };
    },
  },
];
