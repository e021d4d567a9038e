import type { NamespaceView, TunnelView } from '@certplane/api-contract';
import { useEffect, useState } from 'preact/hooks';
import { ApiFailure, call, query } from '../api';
import { ConfirmButton } from '../confirm';
import { when } from '../format';
import { touches } from '../live';
import { DataTable } from '../data-table';
import { useData } from '../use-data';

/** Tunnel metrics come from the tunnels' status reports, not from events: they are polled. */
const METRICS_EVERY_MS = 5000;

const tunnelOrNamespace = touches('tunnel-', 'namespace-');

export function TunnelsPage(props: { can: (method: string, path: string) => boolean }) {
  const { can } = props;
  const namespaces = useData(() => call<NamespaceView[]>('/v1/namespace'), 'namespaces', tunnelOrNamespace);
  // The list carries each tunnel's authToken; the page drops it at once and shows a token only when it is made.
  const tunnels = useData(
    () => call<TunnelView[]>('/v1/tunnels?metrics=1').then((ts) => ts.map(({ authToken: _t, ...t }) => t)),
    'tunnels',
    tunnelOrNamespace,
  );
  const [issued, setIssued] = useState<{ tunnel: string; token: string } | undefined>();
  const [error, setError] = useState<ApiFailure | undefined>();
  const [ns, setNs] = useState('');
  const [tunnel, setTunnel] = useState({ name: '', namespace: '', ports: '' });
  useEffect(() => {
    const timer = setInterval(tunnels.reload, METRICS_EVERY_MS);
    return () => clearInterval(timer);
  }, [tunnels.reload]);
  const attempt = async (f: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await f();
    } catch (e) {
      setError(e instanceof ApiFailure ? e : new ApiFailure(0, 'NETWORK', String(e)));
    }
  };
  const reload = () => {
    namespaces.reload();
    tunnels.reload();
  };
  return (
    <>
      <h1>Tunnels and namespaces</h1>
      {error && (
        <p role="alert" class="error">
          {error.code}: {error.message}
        </p>
      )}
      {issued && (
        <div role="status" class="notice">
          New token of <strong>{issued.tunnel}</strong>, shown this once:{' '}
          <code class="wrap" data-testid="issued-token">
            {issued.token}
          </code>{' '}
          <button type="button" onClick={() => setIssued(undefined)}>
            Hide
          </button>
        </div>
      )}
      <h2>Namespaces</h2>
      {can('post', '/v1/namespace') && (
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            void attempt(async () => {
              await call('/v1/namespace', { method: 'POST', body: { name: ns } });
              setNs('');
              reload();
            });
          }}
        >
          <label>
            New namespace <input value={ns} required onInput={(e) => setNs(e.currentTarget.value)} />
          </label>
          <button type="submit" class="primary">
            Create namespace
          </button>
        </form>
      )}
      <DataTable
        testId="namespaces"
        columns={['name', 'created']}
        actions
        items={namespaces.data ?? []}
        rowKey={(n) => n.name}
        row={(n) => (
          <>
            <td>{n.name}</td>
            <td>{when(n.created)}</td>
            <td>
              {can('delete', '/v1/namespace/{name}') && (
                <ConfirmButton
                  label={`Delete ${n.name}`}
                  danger
                  question={`Delete namespace ${n.name}? It must have no tunnels.`}
                  run={() => call(`/v1/namespace/${n.name}`, { method: 'DELETE' })}
                  done={reload}
                />
              )}
            </td>
          </>
        )}
      />
      <h2>Tunnels</h2>
      {can('post', '/v1/tunnels') && (
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            void attempt(async () => {
              const tcpPorts = tunnel.ports
                .split(/[\s,]+/)
                .filter(Boolean)
                .map(Number);
              const made = await call<TunnelView>('/v1/tunnels', {
                method: 'POST',
                body: { name: tunnel.name, namespace: tunnel.namespace, tcpPorts },
              });
              setIssued({ tunnel: made.name, token: made.authToken });
              setTunnel({ name: '', namespace: '', ports: '' });
              reload();
            });
          }}
        >
          <label>
            Name{' '}
            <input
              value={tunnel.name}
              required
              onInput={(e) => setTunnel({ ...tunnel, name: e.currentTarget.value })}
            />
          </label>
          <label>
            Namespace{' '}
            <input
              value={tunnel.namespace}
              required
              onInput={(e) => setTunnel({ ...tunnel, namespace: e.currentTarget.value })}
            />
          </label>
          <label>
            TCP ports{' '}
            <input
              value={tunnel.ports}
              required
              placeholder="80, 443"
              onInput={(e) => setTunnel({ ...tunnel, ports: e.currentTarget.value })}
            />
          </label>
          <button type="submit" class="primary">
            Create tunnel
          </button>
        </form>
      )}
      <DataTable
        testId="tunnels"
        columns={['name', 'namespace', 'ports', 'connected', 'rx / tx', 'connections/s']}
        actions
        items={tunnels.data ?? []}
        rowKey={(t) => `${t.namespace}/${t.name}`}
        row={(t) => (
          <>
            <td>{t.name}</td>
            <td>{t.namespace}</td>
            <td>{t.tcpPorts.join(', ')}</td>
            <td>{t.connectedClients}</td>
            <td>{t.metrics ? `${t.metrics.rx} / ${t.metrics.tx}` : '—'}</td>
            <td>{t.metrics?.tcpConnectionRate ?? '—'}</td>
            <td class="actions">
              {can('post', '/v1/tunnels/{name}/token/rotate') && (
                <ConfirmButton
                  label={`Rotate token of ${t.name}`}
                  question={`Rotate the token of ${t.name}? The old one stops working at once.`}
                  confirmLabel="Rotate"
                  run={() =>
                    call<{ authToken: string }>(
                      `/v1/tunnels/${t.name}/token/rotate${query({ namespace: t.namespace })}`,
                      { method: 'POST' },
                    )
                  }
                  done={(r) => setIssued({ tunnel: t.name, token: (r as { authToken: string }).authToken })}
                />
              )}
              {can('delete', '/v1/tunnels/{name}') && (
                <ConfirmButton
                  label={`Delete ${t.name}`}
                  danger
                  question={`Delete tunnel ${t.name}?`}
                  confirmLabel="Delete"
                  run={() => call(`/v1/tunnels/${t.name}${query({ namespace: t.namespace })}`, { method: 'DELETE' })}
                  done={reload}
                />
              )}
            </td>
          </>
        )}
      />
    </>
  );
}
