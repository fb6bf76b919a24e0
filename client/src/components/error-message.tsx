import type { ReactNode } from 'react';

export function ErrorMessage({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="notice notice-error" role="alert">
      <strong>{title}</strong>
      {children ? <div>{children}</div> : null}
    </div>
  );
}
