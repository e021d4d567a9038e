import { useState } from 'preact/hooks';
import { call, query } from '../api';
import { when } from '../format';
import { PagedTable } from '../paged-table';
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
      <PagedTable
        testId="clients"
        list={list}
        offset={offset}
        size={PAGE}
        caption={(page) =>
          `${page.total} clients${page.total > 0 ? `, ${page.offset + 1}–${page.offset + page.items.length} shown` : ''}`
        }
        columns={['name', 'status', 'tags', 'certificate expires', 'enrolled']}
        rowKey={(c) => c.id}
        row={(c) => (
          <>
            <td>
              <a href={`/console/clients/${c.id}`}>{c.name}</a>
            </td>
            <td>
              <span class={`badge ${c.status}`}>{c.status}</span>
            </td>
            <td>{c.tags.join(', ')}</td>
            <td>{when(c.certificate?.not_after)}</td>
            <td>{when(c.created_at)}</td>
          </>
        )}
        go={(o) => go({ offset: o })}
      />
    </>
  );
}
