import type { InventoryItem, PageOf } from '@certplane/api-contract';
import { call, query } from '../api';
import { when } from '../format';
import { Pager } from '../pager';
import { navigate, useLocation } from '../router';
import { touches } from '../live';
import { useData } from '../use-data';

const PAGE = 25;

export function CertificatesPage() {
  const url = useLocation();
  const status = url.searchParams.get('status') ?? '';
  const offset = Number(url.searchParams.get('offset') ?? 0) || 0;
  const list = useData(
    () =>
      call<PageOf<InventoryItem>>(
        `/certificates${query({ status, sort: 'notAfter', limit: PAGE, offset: offset || undefined })}`,
      ),
    `${status}|${offset}`,
    touches('client-'),
  );
  const go = (next: Record<string, string | number>) =>
    navigate(`/console/certificates${query({ status, offset: offset || undefined, ...next })}`);
  const page = list.data;
  return (
    <>
      <h1>Certificates</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => go({ status: e.currentTarget.value, offset: 0 })}>
            <option value="">all</option>
            <option value="valid">valid</option>
            <option value="expired">expired</option>
            <option value="revoked">revoked</option>
          </select>
        </label>
      </form>
      {list.error && (
        <p role="alert" class="error">
          {list.error.code}: {list.error.message}
        </p>
      )}
      {page && (
        <>
          <table data-testid="certificates">
            <caption>{page.total} certificates, soonest expiry first</caption>
            <thead>
              <tr>
                <th scope="col">expires</th>
                <th scope="col">serial</th>
                <th scope="col">client</th>
                <th scope="col">common name</th>
                <th scope="col">status</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((c) => (
                <tr key={c.serial_number}>
                  <td>{when(c.not_after)}</td>
                  <td>
                    <a href={`/console/certificates/${c.serial_number}`}>
                      <code>{c.serial_number}</code>
                    </a>
                  </td>
                  <td>
                    <a href={`/console/clients/${c.client_id}`}>{c.client_name ?? c.client_id}</a>
                  </td>
                  <td>{c.common_name ?? '—'}</td>
                  <td>
                    <span class={`badge ${c.status}`}>{c.status}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager offset={offset} size={PAGE} total={page.total} go={(o) => go({ offset: o })} />
        </>
      )}
    </>
  );
}
