import { flag, flagList, Verb } from '../verb';
import { keyValues, moment, segment, table, wholeNumber } from './verb-parts';

interface EnrolmentTokenView {
  id: string;
  name?: string;
  namePattern?: string;
  ip?: string;
  hostname?: string;
  tags?: string[];
  profile?: string;
  uses: number;
  usesLeft: number;
  expires: string;
  status: string;
  created: string;
  /** Only in the answer to create, once */
  token?: string;
}

const allows = (t: EnrolmentTokenView) => t.name ?? `${t.namePattern ?? ''} (pattern)`;

export const ENROLMENT_TOKEN_VERBS: readonly Verb[] = [
  {
    words: ['enrolment-tokens', 'create'],
    args: [],
    summary: 'create a token a device enrols itself with (certplane enrol)',
    details: 'Give --name or --name-pattern. The token is printed once, here; certplane keeps only its digest.',
    flags: {
      name: { type: 'string', value: '<name>', help: 'the one name a device may enrol as' },
      'name-pattern': { type: 'string', value: '<pattern>', help: 'names a device may choose, e.g. sensor-*' },
      ip: { type: 'string', value: '<address>', help: 'the IP address SAN its certificate gets' },
      hostname: { type: 'string', value: '<hostname>', help: 'the DNS name SAN its certificate gets' },
      tag: { type: 'strings', value: '<tag>', help: 'a tag for the clients it enrols (repeat for more)' },
      metadata: { type: 'strings', value: '<key=value>', help: 'metadata for the clients it enrols (repeat for more)' },
      topic: {
        type: 'strings',
        value: '<role=topic>',
        help: 'a messaging topic for the clients it enrols (repeat for more)',
      },
      validity: {
        type: 'string',
        value: '<duration>',
        help: 'validity of the certificates it gets, e.g. 24h or 30d (default: the CA setting)',
      },
      profile: {
        type: 'string',
        value: '<profile>',
        help: 'the certificate profile of the clients it enrols (default: the built-in one)',
      },
      ttl: { type: 'string', value: '<seconds>', help: 'how long the token lasts, 60-2592000 (default 3600)' },
      uses: { type: 'string', value: '<n>', help: 'how many enrolments it allows, 1-1000 (default 1)' },
    },
    routes: ['POST /enrolment-tokens'],
    async run({ api, flags }) {
      const body = {
        name: flag(flags, 'name'),
        namePattern: flag(flags, 'name-pattern'),
        ip: flag(flags, 'ip'),
        hostname: flag(flags, 'hostname'),
        tags: flagList(flags, 'tag'),
        metadata: keyValues(flagList(flags, 'metadata'), 'metadata'),
        topics: keyValues(flagList(flags, 'topic'), 'topic'),
        validity: flag(flags, 'validity'),
        profile: flag(flags, 'profile'),
        ttl: wholeNumber(flag(flags, 'ttl'), 'ttl'),
        uses: wholeNumber(flag(flags, 'uses'), 'uses'),
      };
      const t = (await api.call('POST', '/enrolment-tokens', { body })) as EnrolmentTokenView;
      const fields = [
        ['id', t.id],
        ['allows', allows(t)],
        ['profile', t.profile ?? 'default'],
        ['uses', String(t.uses)],
        ['expires', moment(t.expires)],
        ['token', t.token ?? ''],
      ] as const;
      return { json: t, human: [{ fields }, 'The token is shown only this once.'] };
    },
  },
  {
    words: ['enrolment-tokens', 'list'],
    args: [],
    summary: 'list enrolment tokens, oldest first (never the tokens themselves)',
    flags: {},
    routes: ['GET /enrolment-tokens'],
    async run({ api }) {
      const tokens = (await api.call('GET', '/enrolment-tokens')) as EnrolmentTokenView[];
      const rows = tokens.map((t) => [
        t.id,
        allows(t),
        t.profile ?? 'default',
        t.status,
        `${t.usesLeft}/${t.uses}`,
        moment(t.expires),
        (t.tags ?? []).join(','),
      ]);
      return {
        json: tokens,
        human: [table(['ID', 'ALLOWS', 'PROFILE', 'STATUS', 'USES LEFT', 'EXPIRES', 'TAGS'], rows)],
      };
    },
  },
  {
    words: ['enrolment-tokens', 'revoke'],
    args: ['<id>'],
    summary: 'revoke an enrolment token: later uses are refused; clients it enrolled stay',
    flags: {},
    routes: ['DELETE /enrolment-tokens/{id}'],
    async run({ api, args }) {
      await api.call('DELETE', `/enrolment-tokens/${segment(args[0])}`);
      return { human: [`revoked enrolment token ${args[0]}`] };
    },
  },
];
