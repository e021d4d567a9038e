import { useState } from 'preact/hooks';
import { call, query } from '../api';
import { when } from '../format';
import { Pager } from '../pager';
import { navigate, useLocation } from '../router';
import { touches } from '../live';
import { useData } from '../use-data';
import type { ClientView, PageOf } from '@certplane/api-contract';

const PAGE = 25;

/** Search, filters and page live in the URL, so a view can be shared and survives a reload; the server pages. */
export function ClientsPage() {
  const url = useLocation();
  const p = url.searchParams;
  const search = p.get('search') ?? '';
  const tag = p.get('tag') ?? '';
  const status = p.get('status') ?? '';
  const offset = Number(p.get('offset') ?? 0) || 0;
  const key = `${search}|${tag}|${status}|${offset}`;
  const list = useData(
    () =>
      call<PageOf<ClientView>>(`/clients${query({ search, tag, status, limit: PAGE, offset: offset || undefined })}`),
    key,
    touches('client-'),
  );
  const [draft, setDraft] = useState({ search, tag, status });
  const go = (next: Record<string, string | number>) =>
    navigate(`/console/clients${query({ search, tag, status, offset: offset || undefined, ...next })}`);
  const page = list.data;
  return (
    <>
      <h1>Clients</h1>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ ...draft, offset: 0 });
        }}
      >
        <label>
          Name contains{' '}
          <input
            name="search"
            value={draft.search}
            onInput={(e) => setDraft({ ...draft, search: e.currentTarget.value })}
          />
        </label>
        <label>
          Tag <input name="tag" value={draft.tag} onInput={(e) => setDraft({ ...draft, tag: e.currentTarget.value })} />
        </label>
        <label>
          Status{' '}
          <select
            name="status"
            value={draft.status}
            onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value })}
          >
            <option value="">live (enabled and disabled)</option>
            <option value="enabled">enabled</option>
            <option value="disabled">disabled</option>
            <option value="removed">removed</option>
          </select>
        </label>
        <button type="submit" class="primary">
          Filter
        </button>
      </form>
      {list.error && (
        <p role="alert" class="error">
          {list.error.code}: {list.error.message}
        </p>
      )}
      {page && (
        <>
          <table data-testid="clients">
            <caption>
              {page.total} clients
              {page.total > 0 ? `, ${page.offset + 1}–${page.offset + page.items.length} shown` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">name</th>
                <th scope="col">status</th>
                <th scope="col">tags</th>
                <th scope="col">certificate expires</th>
                <th scope="col">enrolled</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={`/console/clients/${c.id}`}>{c.name}</a>
                  </td>
                  <td>
                    <span class={`badge ${c.status}`}>{c.status}</span>
                  </td>
                  <td>{c.tags.join(', ')}</td>
                  <td>{when(c.certificate?.not_after)}</td>
                  <td>{when(c.created_at)}</td>
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
