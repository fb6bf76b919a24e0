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

interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** Calls the Api and returns its JSON envelope; throws ApiError with the Api's message when it says no. */
export async function apiRequest<T>(path: string, { method = 'GET', body, signal }: RequestOptions = {}): Promise<T> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
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
 * A POST that outlives the page (keepalive), for leaving while the tab closes. Failures are reported to the
 * console only: there is nobody left to show them to, and the Api ends abandoned sessions itself.
 */
export function sendKeepalive(path: string, body: unknown): void {
  fetch(`${apiBase}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    keepalive: true,
  }).catch((error: unknown) => console.warn(`POST ${path} failed`, error));
}

/** The text to show a person for any error. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) {
    return error.message;
  }
  return 'Something went wrong';
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
