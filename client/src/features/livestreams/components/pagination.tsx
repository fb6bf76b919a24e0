export function Pagination({
  page,
  hasNext,
  onChange,
}: {
  page: number;
  hasNext: boolean;
  onChange: (page: number) => void;
}) {
  if (page === 1 && !hasNext) {
    return null;
  }
  return (
    <nav className="pagination" aria-label="Pages">
      <button type="button" className="button button-quiet" disabled={page === 1} onClick={() => onChange(page - 1)}>
        ← Newer
      </button>
      <span className="pagination-page">Page {page}</span>
      <button type="button" className="button button-quiet" disabled={!hasNext} onClick={() => onChange(page + 1)}>
        Older →
      </button>
    </nav>
  );
}
