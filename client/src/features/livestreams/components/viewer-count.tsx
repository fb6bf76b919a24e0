/** "3 viewers" (hosts are not counted); the number alone is in data-count. */
export function ViewerCount({
  count,
  size = 'small',
  suffix,
}: {
  count: number | undefined;
  size?: 'small' | 'large';
  /** Words after "viewers", e.g. "at the end". */
  suffix?: string;
}) {
  const known = count !== undefined;
  return (
    <span className={`viewers viewers-${size}`} data-testid="viewer-count" data-count={known ? count : ''}>
      <span className="viewers-number">{known ? count : '–'}</span> {count === 1 ? 'viewer' : 'viewers'}
      {suffix ? ` ${suffix}` : ''}
    </span>
  );
}
