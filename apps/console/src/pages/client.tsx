import { useState } from 'preact/hooks';
import { call, query } from '../api';
import { ConfirmButton } from '../confirm';
import { when } from '../format';
import { navigate, useLocation } from '../router';
import { DataTable } from '../data-table';
import { useData } from '../use-data';
import type { CertificateView, ClientView, EventHistory, EventEnvelope } from '@certplane/api-contract';

/** What an event changed, in a line: its data's fields (events hold no secrets), PEM left to the certificate's page. */
function changed(e: EventEnvelope): string {
  return Object.entries((e.data ?? {}) as Record<string, unknown>)
    .filter(([k]) => k !== 'clientId' && !k.endsWith('Pem'))
    .map(([k, v]) => {
      const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
      return `${k}: ${text.length > 80 ? `${text.slice(0, 80)}…` : text}`;
    })
    .join('; ');
}

export function ClientPage(props: { id: string; can: (method: string, path: string) => boolean }) {
  const { id, can } = props;
  const url = useLocation();
  const at = url.searchParams.get('at') ?? undefined;
  const mine = (c: { streams?: Array<{ id: string }> }) => (c.streams ?? []).some((s) => s.id === `client-${id}`);
  const client = useData(() => call<ClientView>(`/clients/${id}${query({ at })}`), `${id}|${at}`, mine);
  const events = useData(() => call<EventHistory>(`/clients/${id}/events`), id, mine);
  const certificates = useData(() => call<{ items: CertificateView[] }>(`/clients/${id}/certificates`), id, mine);
  const [revokeOld, setRevokeOld] = useState(true);
  const c = client.data;
  const history = events.data?.events ?? [];
  const index =
    at === undefined
      ? history.length - 1
      : Math.max(
          0,
          history.findIndex((e) => e.recordedAt === at),
        );
  const slide = (i: number) =>
    navigate(`/console/clients/${id}${i >= history.length - 1 ? '' : query({ at: history[i].recordedAt })}`, true);
  const refresh = () => {
    client.reload();
    events.reload();
    certificates.reload();
  };
  if (client.error && !c)
    return (
      <p role="alert" class="error">
        {client.error.code}: {client.error.message}
      </p>
    );
  if (!c) return <p>Loading…</p>;
  return (
    <>
      <p>
        <a href="/console/clients">← Clients</a>
      </p>
      <h1>{c.name}</h1>
      {history.length > 1 && (
        <div class="slider">
          <label for="at">Time: {at ? `as it was at ${when(at)}` : 'now'}</label>
          <input
            id="at"
            type="range"
            min={0}
            max={history.length - 1}
            step={1}
            value={index}
            aria-valuetext={at ? `as at ${when(at)}, after ${history[index]?.type}` : 'now'}
            onInput={(e) => slide(Number(e.currentTarget.value))}
          />
        </div>
      )}
      <dl class="fields" data-testid="client">
        <div>
          <dt>Status</dt>
          <dd>
            <span class={`badge ${c.status}`} data-testid="status">
              {c.status}
            </span>
          </dd>
        </div>
        <div>
          <dt>Id</dt>
          <dd>
            <code>{c.id}</code>
          </dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>{c.tags.join(', ') || '—'}</dd>
        </div>
        <div>
          <dt>IP / hostname</dt>
          <dd>{c.ip ?? c.hostname ?? '—'}</dd>
        </div>
        <div>
          <dt>Certificate</dt>
          <dd>
            {c.certificate ? (
              <a href={`/console/certificates/${c.certificate.serial_number}`}>{c.certificate.serial_number}</a>
            ) : (
              'none yet'
            )}{' '}
            {c.certificate && `(${c.certificate.status}, until ${when(c.certificate.not_after)})`}
          </dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>
            {when(c.updated_at)} by {c.updated_by ?? '—'}
          </dd>
        </div>
      </dl>
      {!at && c.status !== 'removed' && (
        <div class="actions" role="group" aria-label="Actions">
          {c.status === 'enabled' && can('post', '/clients/{id}/disable') && (
            <ConfirmButton
              label="Disable"
              danger
              question={`Disable ${c.name}? Its certificates are put on hold and details answer 409 until it is enabled.`}
              run={() => call(`/clients/${id}/disable`, { method: 'POST' })}
              done={refresh}
            />
          )}
          {c.status === 'disabled' && can('post', '/clients/{id}/enable') && (
            <ConfirmButton
              label="Enable"
              question={`Enable ${c.name}? A new certificate is issued.`}
              run={() => call(`/clients/${id}/enable`, { method: 'POST' })}
              done={refresh}
            />
          )}
          {c.status === 'enabled' && can('post', '/clients/{id}/certificate/renew') && (
            <ConfirmButton
              label="Renew"
              question={`Issue ${c.name} a new certificate with a new key?`}
              run={() => call(`/clients/${id}/certificate/renew`, { method: 'POST', body: { revokeOld } })}
              done={refresh}
            >
              <label>
                <input type="checkbox" checked={revokeOld} onChange={(e) => setRevokeOld(e.currentTarget.checked)} />{' '}
                Revoke the older certificates (superseded)
              </label>
            </ConfirmButton>
          )}
          {can('delete', '/clients/{id}') && (
            <ConfirmButton
              label="Delete"
              danger
              question={`Delete ${c.name}? Its certificates are revoked and its name is free again.`}
              run={() => call(`/clients/${id}`, { method: 'DELETE' })}
              done={() => navigate('/console/clients')}
            />
          )}
        </div>
      )}
      <h2>Certificates</h2>
      <DataTable
        columns={['serial', 'status', 'valid until', 'key']}
        actions
        items={certificates.data?.items ?? []}
        rowKey={(cert) => cert.serial_number}
        row={(cert) => (
          <>
            <td>
              <a href={`/console/certificates/${cert.serial_number}`}>
                <code>{cert.serial_number}</code>
              </a>
            </td>
            <td>
              <span class={`badge ${cert.status}`}>{cert.status}</span>
              {cert.revocation ? ` (${cert.revocation.reason} by ${cert.revocation.revoked_by ?? '—'})` : ''}
            </td>
            <td>{when(cert.not_after)}</td>
            <td>{cert.key_origin}</td>
            <td>
              {cert.status === 'valid' && can('post', '/certificates/{serial}/revoke') && (
                <ConfirmButton
                  label="Revoke"
                  danger
                  question={`Revoke certificate ${cert.serial_number} (reason: cessationOfOperation)?`}
                  run={() =>
                    call(`/certificates/${cert.serial_number}/revoke`, {
                      method: 'POST',
                      body: { reason: 'cessationOfOperation' },
                    })
                  }
                  done={refresh}
                />
              )}
            </td>
          </>
        )}
      />
      <h2>Timeline</h2>
      <ol class="timeline" data-testid="timeline">
        {history.map((e, i) => (
          <li key={e.eventId} class={i > index ? 'future' : ''}>
            <strong>{e.type}</strong> <time dateTime={e.recordedAt}>{when(e.recordedAt)}</time>
            <div class="muted">
              by {e.metadata.actor ?? '—'} · correlation <code>{e.metadata.correlationId ?? '—'}</code>
            </div>
            <div>{changed(e)}</div>
          </li>
        ))}
      </ol>
    </>
  );
}
