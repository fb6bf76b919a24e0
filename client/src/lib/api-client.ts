import type { ErrorResponse } from '@/types/api';

/** Every call goes to the same origin; the dev server (or a reverse proxy) forwards /api to the Api. */
export const apiBase = '/api/v1';

const timeoutMs = 10_000;

/** A failed call: the Api's error envelope, or a transport failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly error: string;

  constructor(status: number, error: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.error = error;
  }
}

/**
 * Where calls that need an identity get their bearer token: the session (lib/session.ts), which registers itself
 * with setAccessTokenSource. It is handed in rather than imported because the session calls the Api through this
 * client too (sign-in, refresh).
 */
export interface AccessTokenSource {
  /** A current access token (refreshed first when it is about to expire); throws ApiError 401 when nobody is signed in. */
  accessToken: () => Promise<string>;
  /** The Api refused `rejected`: a token after refreshing, or null when the session has ended (the person is signed out). */
  renew: (rejected: string) => Promise<string | null>;
}

let tokenSource: AccessTokenSource | undefined;

export function setAccessTokenSource(source: AccessTokenSource | undefined): void {
  tokenSource = source;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Sends a bearer token from the session (true: the one registered with setAccessTokenSource); a 401 refreshes it
   * and tries once more. 'optional': the token when someone is signed in, else none (reads anyone may make, whose
   * answer depends on who asks, e.g. private livestreams their creator and invited people see).
   */
  auth?: boolean | 'optional' | AccessTokenSource;
  /** Sends this bearer token (the session's own calls, e.g. /auth/me right after signing in). */
  token?: string;
  /** The answer is a file, not JSON (see apiDownload). */
  download?: boolean;
}

/** A file the Api answered with, and the name its Content-Disposition gives (null when none). */
export interface DownloadedFile {
  blob: Blob;
  filename: string | null;
}

/** Fetches a file (e.g. a CSV export) with the same tokens and errors as apiRequest. */
export function apiDownload(path: string, options: Pick<RequestOptions, 'auth' | 'signal'> = {}): Promise<DownloadedFile> {
  return apiRequest<DownloadedFile>(path, { ...options, download: true });
}

/** Calls the Api and returns its JSON; throws ApiError with the Api's message when it says no. */
export async function apiRequest<T>(path: string, { auth = false, ...options }: RequestOptions = {}): Promise<T> {
  if (!auth) {
    return send<T>(path, options);
  }
  const source = auth === true || auth === 'optional' ? tokenSource : auth;
  if (!source && auth === 'optional') {
    return send<T>(path, options);
  }
  if (!source) {
    throw new Error('No access token source: lib/session.ts registers one when it is loaded');
  }
  const optional = auth === 'optional';
  const token = optional ? await source.accessToken().catch(anonymousOn401) : await source.accessToken();
  if (token === null) {
    return send<T>(path, options);
  }
  try {
    return await send<T>(path, { ...options, token });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) {
      throw error;
    }
    // Expired early, or the session changed elsewhere: one more try with a fresh token.
    const renewed = await source.renew(token);
    if (renewed === null && optional) {
      return send<T>(path, options);
    }
    if (renewed === null) {
      throw new ApiError(401, 'AuthenticationError', 'Your session has ended: sign in again');
    }
    return send<T>(path, { ...options, token: renewed });
  }
}

async function send<T>(path: string, { method = 'GET', body, signal, token, download }: Omit<RequestOptions, 'auth'>): Promise<T> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, {
      method,
      headers: headers(body !== undefined, token, download),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (cause) {
    if (signal?.aborted) {
      throw cause;
    }
    if (timeout.aborted) {
      throw new ApiError(0, 'Timeout', `The API did not answer within ${timeoutMs / 1000} seconds`);
    }
    throw new ApiError(0, 'NetworkError', 'Cannot reach the API — is it running?');
  }

  if (download && response.ok) {
    return { blob: await response.blob(), filename: attachmentName(response.headers.get('Content-Disposition')) } as T;
  }
  const payload = await readJson(response);
  if (!response.ok || isErrorResponse(payload)) {
    const envelope = isErrorResponse(payload) ? payload : undefined;
    throw new ApiError(
      response.status,
      envelope?.error ?? 'HttpError',
      envelope?.message ?? `The API answered ${response.status} ${response.statusText}`.trim(),
    );
  }
  return payload as T;
}

/**
 * A bodiless POST that outlives the page (keepalive), for leaving while the tab closes. It cannot wait for a token
 * refresh, so the caller hands over one it holds. Failures are reported to the console only: there is nobody left to
 * show them to, and the Api ends abandoned sessions itself.
 */
export function sendKeepalive(path: string, token: string): void {
  fetch(`${apiBase}${path}`, { method: 'POST', headers: headers(false, token), keepalive: true }).catch((error: unknown) =>
    console.warn(`POST ${path} failed`, error),
  );
}

/** The text to show a person for any error. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) {
    return error.message;
  }
  return 'Something went wrong';
}

/** Nobody is signed in (the source's 401): the optional token is left out; any other failure stands. */
function anonymousOn401(error: unknown): null {
  if (error instanceof ApiError && error.status === 401) {
    return null;
  }
  throw error;
}

function headers(json: boolean, token: string | undefined, download = false): Record<string, string> {
  return {
    // A file's errors still come as the JSON envelope.
    Accept: download ? '*/*' : 'application/json',
    ...(json ? { 'Content-Type': 'application/json' } : {}),
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
  };
}

/** `attachment; filename="a.csv"` → a.csv. */
export function attachmentName(disposition: string | null): string | null {
  const match = /filename="([^"]+)"|filename=([^;\s]+)/i.exec(disposition ?? '');
  return match?.[1] ?? match?.[2] ?? null;
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) {
    return undefined;
  }
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function isErrorResponse(payload: unknown): payload is ErrorResponse {
  return typeof payload === 'object' && payload !== null && (payload as { success?: unknown }).success === false;
}
