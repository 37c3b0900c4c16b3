import type { ComponentChildren } from "preact";

/** A column of a DataTable: its heading and what each row shows in it. */
export interface Column<T> {
  /** The heading; a table none of whose columns has one has no heading row. */
  head?: string;
  cell: (row: T) => ComponentChildren;
  /** The class of the column's cells ("email": long text wraps anywhere). */
  class?: string;
}

/** Rows as a table, one cell per column, scrolling sideways on a narrow screen. */
export function DataTable<T>(
  { rows, columns, rowKey, label, class: tableClass }: {
    rows: readonly T[];
    columns: readonly Column<T>[];
    rowKey: (row: T) => string | number;
    /** The table's accessible name, when the heading above does not give it one. */
    label?: string;
    class?: string;
  },
) {
  return (
    <div class="table-wrap">
      <table class={tableClass ? `runs-table ${tableClass}` : "runs-table"} aria-label={label}>
        {columns.some((c) => c.head !== undefined) && (
          <thead>
            <tr>
              {columns.map((c, i) => <th key={i}>{c.head}</th>)}
            </tr>
          </thead>
        )}
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c, i) => <td key={i} class={c.class}>{c.cell(row)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
