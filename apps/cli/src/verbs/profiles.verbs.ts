import type { ProfileView } from '@certplane/api-contract';
import { CliError, EXIT } from '../cli-error';
import { FlagValues } from '../command-line';
import { flag, Verb } from '../verb';
import { atFlag, eventsVerb, jsonFile, segment, showVerb, table } from './verb-parts';

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
  return jsonObjectFile(path);
}

async function jsonObjectFile(path: string): Promise<Record<string, unknown>> {
  const body = await jsonFile(path);
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
  showVerb({
    words: ['profiles', 'show'],
    args: ['<name>'],
    summary: 'show one certificate profile, now or as it was at a moment',
    at: atFlag('the profile'),
    routes: ['GET /profiles/{name}'],
    path: async ({ args }) => `/profiles/${segment(args[0])}`,
    show: (p: ProfileView) => ({ fields: fields(p) }),
  }),
  eventsVerb({
    words: ['profiles', 'events'],
    args: ['<name>'],
    summary: "a profile name's history: every definition, change and deletion, who made it and when",
    routes: ['GET /profiles/{name}/events'],
    path: async ({ args }) => `/profiles/${segment(args[0])}/events`,
  }),
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
    words: ['profiles', 'update'],
    args: ['<name>'],
    summary: 'change some fields of a certificate profile (admin); certificates issued later follow it',
    details:
      'The --file holds the fields to change, e.g. {"extendedKeyUsages":["serverAuth"]}; null removes validity, maxValidity or sans. ' +
      '--validity and --max-validity change those, over the file.',
    flags: {
      file: { ...FILE_FLAG.file, help: 'a JSON file holding the fields to change; see docs/profiles.md' },
      validity: { type: 'string', value: '<duration>', help: 'the validity of its certificates, e.g. 30d' },
      'max-validity': { type: 'string', value: '<duration>', help: 'the longest validity a request may ask for' },
    },
    routes: ['PATCH /profiles/{name}'],
    async run({ api, args, flags }) {
      const path = flag(flags, 'file');
      const body = {
        ...(path === undefined ? {} : await jsonObjectFile(path)),
        ...(flag(flags, 'validity') !== undefined ? { validity: flag(flags, 'validity') } : {}),
        ...(flag(flags, 'max-validity') !== undefined ? { maxValidity: flag(flags, 'max-validity') } : {}),
      };
      if (Object.keys(body).length === 0)
        throw new CliError('give --file <path>, --validity or --max-validity: what to change', EXIT.usage);
      const p = (await api.call('PATCH', `/profiles/${segment(args[0])}`, { body })) as ProfileView;
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
