import type { ComponentChildren } from 'preact';

/**
 * A table of items, one row each: `row` gives the row's cells. With `actions`, a last column whose
 * header only a screen reader reads holds each row's buttons.
 */
export function DataTable<T>(props: {
  testId?: string;
  caption?: ComponentChildren;
  columns: readonly string[];
  actions?: boolean;
  items: readonly T[];
  rowKey: (item: T) => string;
  row: (item: T) => ComponentChildren;
}) {
  return (
    <table data-testid={props.testId}>
      {props.caption !== undefined && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
          {props.actions && (
            <th scope="col">
              <span class="visually-hidden">actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {props.items.map((item) => (
          <tr key={props.rowKey(item)}>{props.row(item)}</tr>
        ))}
      </tbody>
    </table>
  );
}
