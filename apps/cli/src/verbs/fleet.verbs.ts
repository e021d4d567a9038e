import type { Caller, FleetOverview } from '@certplane/api-contract';
import { Verb } from '../verb';
import { moment, table } from './verb-parts';

const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);

/** The fleet at a glance and the caller: what the console's overview shows, for scripts and terminals. */
export const FLEET_VERBS: readonly Verb[] = [
  {
    words: ['overview'],
    args: [],
    summary: 'the fleet at a glance: clients by status, certificates by validity, the CA and the lag',
    flags: {},
    routes: ['GET /overview'],
    async run({ api }) {
      const o = (await api.call('GET', '/overview')) as FleetOverview;
      const consumers = Object.entries(o.lag.consumers)
        .map(([name, lag]) => `${name} ${lag ?? 'unknown'}`)
        .join(', ');
      return {
        json: o,
        human: [
          table(
            ['CLIENTS', 'ENABLED', 'DISABLED', 'REMOVED'],
            [['', String(o.clients.enabled), String(o.clients.disabled), String(o.clients.removed)]],
          ),
          table(
            ['CERTIFICATES', 'VALID', 'EXPIRING IN 7 DAYS', 'IN 30 DAYS', 'EXPIRED', 'REVOKED'],
            [
              [
                '',
                String(o.certificates.valid),
                String(o.certificates.expiring_7d),
                String(o.certificates.expiring_30d),
                String(o.certificates.expired),
                String(o.certificates.revoked),
              ],
            ],
          ),
          {
            fields: [
              ['issued in the last hour', String(sum(o.issued_per_minute))],
              ['expiring in 90 days', String(sum(o.expiring_per_day))],
              ['CA', `${o.ca.subject}, valid until ${moment(o.ca.not_after)}`],
              ['outbox', String(o.lag.outbox)],
              ['consumer lag', consumers],
              ['at', moment(o.at)],
            ],
          },
        ],
      };
    },
  },
  {
    words: ['whoami'],
    args: [],
    summary: 'who certplane takes the caller for: the actor events record, how it authenticated, its roles',
    flags: {},
    routes: ['GET /whoami'],
    async run({ api }) {
      const c = (await api.call('GET', '/whoami')) as Caller;
      return {
        json: c,
        human: [
          {
            fields: [
              ['actor', c.actor],
              ['authenticated by', c.method],
              ['roles', c.roles.join(', ')],
            ],
          },
        ],
      };
    },
  },
];
