import type { InventoryItem, PageOf } from '@certplane/api-contract';
import { call, query } from '../api';
import { when } from '../format';
import { PagedTable } from '../paged-table';
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
      <PagedTable
        testId="certificates"
        list={list}
        offset={offset}
        size={PAGE}
        caption={(page) => `${page.total} certificates, soonest expiry first`}
        columns={['expires', 'serial', 'client', 'common name', 'status']}
        rowKey={(c) => c.serial_number}
        row={(c) => (
          <>
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
          </>
        )}
        go={(o) => go({ offset: o })}
      />
    </>
  );
}
