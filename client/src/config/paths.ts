/** Where signing in and up live; `next` is where the person goes afterwards (a path in this app). */
export const paths = {
  signIn: (next?: string) => withNext('/sign-in', next),
  signUp: (next?: string) => withNext('/sign-up', next),
};

/** The `next` of a sign-in or sign-up URL, if it is a path in this app (never another site: "//host" or "/\\host"). */
export function safeNext(next: string | null): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}

function withNext(path: string, next: string | undefined): string {
  return next && next !== '/' ? `${path}?${new URLSearchParams({ next }).toString()}` : path;
}
