import type { FleetOverview } from '@certplane/api-contract';
import { call } from '../api';
import { BarChart, StackedBar } from '../charts';
import { relative, when } from '../format';
import { useData } from '../use-data';

interface Health {
  status: string;
  checks?: Record<string, Array<{ status: string; observedValue?: unknown; observedUnit?: string; output?: string }>>;
}

export function OverviewPage() {
  const overview = useData(() => call<FleetOverview>('/overview'), 'overview');
  const health = useData(() => fetch('/health/ready').then((r) => r.json() as Promise<Health>), 'health');
  const o = overview.data;
  if (overview.error)
    return (
      <p role="alert">
        {overview.error.code}: {overview.error.message}
      </p>
    );
  if (!o) return <p>Loading…</p>;
  const c = o.certificates;
  return (
    <>
      <h1>Overview</h1>
      <section aria-labelledby="fleet">
        <h2 id="fleet">Fleet</h2>
        <StackedBar
          label="Clients by status"
          parts={[
            { name: 'enabled', value: o.clients.enabled, tone: 'ok' },
            { name: 'disabled', value: o.clients.disabled, tone: 'warn' },
            { name: 'removed', value: o.clients.removed, tone: 'muted' },
          ]}
        />
        <StackedBar
          label="Certificates"
          parts={[
            { name: 'valid, beyond 30 days', value: c.valid - c.expiring_30d, tone: 'ok' },
            { name: 'expiring within 30 days', value: c.expiring_30d - c.expiring_7d, tone: 'warn' },
            { name: 'expiring within 7 days', value: c.expiring_7d, tone: 'bad' },
            { name: 'expired', value: c.expired, tone: 'muted' },
            { name: 'revoked', value: c.revoked, tone: 'dark' },
          ]}
        />
        <dl class="figures">
          <div>
            <dt>Valid certificates</dt>
            <dd data-testid="valid">{c.valid}</dd>
          </div>
          <div>
            <dt>Expiring in 7 days</dt>
            <dd>{c.expiring_7d}</dd>
          </div>
          <div>
            <dt>Expiring in 30 days</dt>
            <dd>{c.expiring_30d}</dd>
          </div>
          <div>
            <dt>Revoked</dt>
            <dd>{c.revoked}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="issuance">
        <h2 id="issuance">Issuance, last hour</h2>
        <BarChart
          testId="issuance-chart"
          label="Certificates issued per minute over the last hour"
          values={o.issued_per_minute}
          barTitle={(i, v) => `${60 - i} to ${59 - i} minutes ago: ${v}`}
          axis={['60 min ago', 'now']}
        />
      </section>
      <section aria-labelledby="expiries">
        <h2 id="expiries">Expiries, next 90 days</h2>
        <BarChart
          testId="expiry-chart"
          label="Valid certificates by the day they expire, next 90 days"
          values={o.expiring_per_day}
          barTitle={(i, v) => `day ${i + 1}: ${v}`}
          axis={['today', 'in 90 days']}
        />
      </section>
      <section aria-labelledby="ops">
        <h2 id="ops">Operations</h2>
        <dl class="figures">
          <div>
            <dt>CA expires</dt>
            <dd title={when(o.ca.not_after)}>{relative(o.ca.not_after)}</dd>
          </div>
          <div>
            <dt>Outbox lag</dt>
            <dd>{o.lag.outbox} events</dd>
          </div>
          {Object.entries(o.lag.consumers).map(([name, lag]) => (
            <div key={name}>
              <dt>{name} lag</dt>
              <dd>{lag === null ? 'not in this process' : `${lag} messages`}</dd>
            </div>
          ))}
        </dl>
        <table>
          <caption>Health of this api process (/health/ready): {health.data?.status ?? '…'}</caption>
          <thead>
            <tr>
              <th scope="col">check</th>
              <th scope="col">status</th>
              <th scope="col">observed</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(health.data?.checks ?? {}).map(([name, [check]]) => (
              <tr key={name}>
                <td>{name}</td>
                <td>
                  <span class={`badge ${check.status}`}>{check.status}</span>
                </td>
                <td>
                  {check.observedValue !== undefined
                    ? `${String(check.observedValue)} ${check.observedUnit ?? ''}`
                    : ''}{' '}
                  {check.output ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted">
          CA: {o.ca.subject}. As of {when(o.at)}.
        </p>
      </section>
    </>
  );
}
