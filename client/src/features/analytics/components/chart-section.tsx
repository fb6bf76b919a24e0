import { useId, useState, type ReactNode } from 'react';

/** A chart under its heading, with a caption saying what it shows and its numbers as a table (rendered when opened). */
export function ChartSection({
  title,
  caption,
  testId,
  table,
  children,
}: {
  title: string;
  caption: ReactNode;
  testId: string;
  table: NumbersTableProps;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section className="panel chart-section" aria-labelledby={headingId} data-testid={testId}>
      <h2 id={headingId} className="panel-title">
        {title}
      </h2>
      <figure className="chart-figure">
        {children}
        <figcaption className="muted">{caption}</figcaption>
      </figure>
      <NumbersTable {...table} />
    </section>
  );
}

export interface NumbersTableProps {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}

/** The figures behind a chart, for screen readers and for reading exact values; a long series only renders when opened. */
export function NumbersTable({ caption, columns, rows }: NumbersTableProps) {
  const [open, setOpen] = useState(false);
  return (
    <details className="chart-numbers" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Show the numbers</summary>
      {open ? (
        <table className="numbers-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (j === 0 ? <th key={j} scope="row">{cell}</th> : <td key={j}>{cell}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </details>
  );
}
