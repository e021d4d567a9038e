/** Previous and next over a list the server pages: `go` is handed the offset of the page asked for. */
export function Pager(props: { offset: number; size: number; total: number; go: (offset: number) => void }) {
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
