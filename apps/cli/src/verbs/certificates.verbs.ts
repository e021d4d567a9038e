import { Duration } from '@certplane/domain';
import { CliError, EXIT } from '../cli-error';
import { flag, Verb } from '../verb';
import type { CertificateDocument, CertificateView, InventoryItem } from '@certplane/api-contract';
import { certificateRow } from './clients.verbs';
import { clientIdFor, listVerb, moment, segment } from './verb-parts';

type HeldCertificate = CertificateView & { client_id: string };

const REASONS =
  'unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation, certificateHold, privilegeWithdrawn';

const heldFields = (c: HeldCertificate) => {
  const [serial, status, notBefore, notAfter, revocation, key] = certificateRow(c);
  return {
    fields: [
      ['serial', serial],
      ['client', c.client_id],
      ['status', status],
      ['valid', `${notBefore} to ${notAfter}`],
      ['revocation', revocation],
      ['key', key],
    ] as const,
  };
};

/** Checked here, as the API would, so a typo is a usage error (exit 2) before anything is sent. */
function duration(value: string | undefined, flagName: string): string | undefined {
  if (value === undefined) return undefined;
  try {
    return Duration.parse(value, 'INVALID_DURATION', `--${flagName}`).toString();
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.usage);
  }
}

export const CERTIFICATE_VERBS: readonly Verb[] = [
  listVerb({
    words: ['certificates', 'list'],
    summary: 'the certificate inventory, soonest expiry first',
    filters: {
      'expiring-within': {
        type: 'string',
        value: '<duration>',
        help: 'not expired yet, but within this: 15m, 24h, 30d',
      },
      'expiring-before': { type: 'string', value: '<RFC 3339>', help: 'expiring (or expired) before this moment' },
      status: { type: 'string', value: '<status>', help: 'valid, revoked or expired' },
      client: { type: 'string', value: '<id|name>', help: "only this client's certificates" },
      latest: { type: 'boolean', help: 'latest expiry first' },
    },
    async query({ api, flags }) {
      const client = flag(flags, 'client');
      return {
        status: flag(flags, 'status'),
        expiringWithin: duration(flag(flags, 'expiring-within'), 'expiring-within'),
        expiringBefore: flag(flags, 'expiring-before'),
        client: client === undefined ? undefined : await clientIdFor(api, client),
        sort: flags.latest === true ? '-notAfter' : undefined,
      };
    },
    routes: ['GET /certificates'],
    path: '/certificates',
    columns: ['SERIAL', 'CLIENT', 'STATUS', 'NOT AFTER', 'REVOKED FOR', 'COMMON NAME'],
    row: (c: InventoryItem) => [
      c.serial_number,
      c.client_name ?? c.client_id,
      c.status,
      moment(c.not_after),
      c.revocation?.reason ?? '',
      c.common_name ?? '',
    ],
  }),
  {
    words: ['certificates', 'show'],
    args: ['<serial>'],
    summary: 'show one certificate, decoded: client, subject, issuer, SANs, validity, status, fingerprint',
    details: 'The serial is hex as openssl x509 -serial prints it, with or without colons. --json includes the PEM.',
    flags: {},
    routes: ['GET /certificates/{serial}'],
    async run({ api, args }) {
      const c = (await api.call('GET', `/certificates/${segment(args[0])}`)) as CertificateDocument;
      const sans = [
        ...c.subject_alt_names.ips.map((ip) => `IP:${ip}`),
        ...c.subject_alt_names.hostnames.map((h) => `DNS:${h}`),
      ].join(', ');
      const fields = [
        ['serial', c.serial_number],
        ['client', `${c.client_name ?? '(removed)'} (${c.client_id})`],
        ['subject', c.subject],
        ['issuer', c.issuer],
        ['SANs', sans],
        ['status', c.status],
        ['valid', `${moment(c.not_before)} to ${moment(c.not_after)}`],
        [
          'revocation',
          c.revocation_reason
            ? `${c.revocation_reason} at ${moment(c.revoked_at ?? '')} by ${c.revoked_by ?? '?'}`
            : '',
        ],
        ['SHA-256', c.fingerprint_sha256],
      ] as const;
      return { json: c, human: [{ fields }] };
    },
  },
  {
    words: ['certificates', 'revoke'],
    args: ['<serial>'],
    summary: 'revoke one certificate by its serial number',
    details: `Reasons (RFC 5280): ${REASONS}. A certificateHold can be released later.`,
    flags: { reason: { type: 'string', value: '<reason>', help: 'why (required)' } },
    routes: ['POST /certificates/{serial}/revoke'],
    async run({ api, args, flags }) {
      const c = (await api.call('POST', `/certificates/${segment(args[0])}/revoke`, {
        body: { reason: flag(flags, 'reason') },
      })) as HeldCertificate;
      return { json: c, human: [heldFields(c)] };
    },
  },
  {
    words: ['certificates', 'release'],
    args: ['<serial>'],
    summary: 'make a certificate on hold (certificateHold) valid again',
    flags: {},
    routes: ['POST /certificates/{serial}/release'],
    async run({ api, args }) {
      const c = (await api.call('POST', `/certificates/${segment(args[0])}/release`)) as HeldCertificate;
      return { json: c, human: [heldFields(c)] };
    },
  },
  {
    words: ['certificates', 'revoke-matching'],
    args: [],
    summary: 'revoke every valid certificate a filter matches (incident response)',
    details: `At least one of --client, --tag, --issued-before; the criteria all apply. Reasons: ${REASONS}. One call revokes up to the server's limit; "more" says to run it again.`,
    flags: {
      reason: { type: 'string', value: '<reason>', help: 'why (required)' },
      client: { type: 'string', value: '<id|name>', help: "this client's certificates" },
      tag: { type: 'string', value: '<tag>', help: 'certificates of clients with this tag' },
      'issued-before': { type: 'string', value: '<RFC 3339>', help: 'certificates issued before this moment' },
    },
    routes: ['POST /certificates/revoke'],
    async run({ api, flags }) {
      const client = flag(flags, 'client');
      const filter = {
        client: client === undefined ? undefined : await clientIdFor(api, client),
        tag: flag(flags, 'tag'),
        issuedBefore: flag(flags, 'issued-before'),
      };
      const answer = (await api.call('POST', '/certificates/revoke', {
        body: { reason: flag(flags, 'reason'), filter },
      })) as { revoked: number; skipped: number; more: boolean };
      return {
        json: answer,
        human: [
          `revoked ${answer.revoked}, skipped ${answer.skipped} revoked already${answer.more ? '; more match: run it again' : ''}`,
        ],
      };
    },
  },
];
