import type { ComponentChildren } from 'preact';
import type { PageOf } from '@certplane/api-contract';
import type { ApiFailure } from './api';
import { DataTable } from './data-table';

/**
 * A list the server pages: why it could not be read, one page as a DataTable, previous and next.
 * `go` is handed the offset of the page asked for.
 */
export function PagedTable<T>(props: {
  testId: string;
  list: { data?: PageOf<T>; error?: ApiFailure };
  offset: number;
  size: number;
  caption: (page: PageOf<T>) => ComponentChildren;
  columns: readonly string[];
  rowKey: (item: T) => string;
  row: (item: T) => ComponentChildren;
  go: (offset: number) => void;
}) {
  const { list, offset, size, go } = props;
  const page = list.data;
  return (
    <>
      {list.error && (
        <p role="alert" class="error">
          {list.error.code}: {list.error.message}
        </p>
      )}
      {page && (
        <>
          <DataTable
            testId={props.testId}
            caption={props.caption(page)}
            columns={props.columns}
            items={page.items}
            rowKey={props.rowKey}
            row={props.row}
          />
          <Pager offset={offset} size={size} total={page.total} go={go} />
        </>
      )}
    </>
  );
}

function Pager(props: { offset: number; size: number; total: number; go: (offset: number) => void }) {
  const { offset, size, total, go } = props;
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={offset === 0} onClick={() => go(Math.max(0, offset - size))}>
        Previous
      </button>
      <span>
        page {Math.floor(offset / size) + 1} of {Math.max(1, Math.ceil(total / size))}
      </span>
      <button type="button" disabled={offset + size >= total} onClick={() => go(offset + size)}>
        Next
      </button>
    </nav>
  );
}
