import type { AccessTokenResponse, User } from '@/types/api';
import { jsonResponse } from './test-utils';

export interface RecordedCall {
  method: string;
  path: string;
  /** The bearer token sent, if any. */
  token: string | undefined;
  body: unknown;
  keepalive: boolean;
}

type Route = (call: RecordedCall) => Response | undefined;

/**
 * The Api's /auth endpoints as a stand-in for fetch: accounts, guests, refresh tokens that stay valid until revoked
 * (as ASP.NET Core Identity's are), access tokens a test can expire. Other paths go to `route`, which can check the
 * bearer token with `userOf`; without a route they answer 404.
 */
export class FakeAuthApi {
  readonly calls: RecordedCall[] = [];
  expiresIn = 900;
  route: Route | undefined;
  /** Makes /auth/refresh fail as a network error would, while true. */
  offline = false;
  private readonly accounts = new Map<string, { user: User; password: string }>();
  private readonly refreshTokens = new Map<string, User>();
  private readonly accessTokens = new Map<string, User>();
  private issued = 0;

  addAccount(user: User, password = 'Passw0rd!'): User {
    this.accounts.set(user.email ?? user.id, { user, password });
    return user;
  }

  /** Who a bearer token belongs to, if it is valid. */
  userOf(token: string | undefined): User | undefined {
    return token === undefined ? undefined : this.accessTokens.get(token);
  }

  /** Every access token issued so far stops working (as after expiry); refresh tokens still work. */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** The user's refresh tokens stop working (signed out elsewhere, or expired). */
  revokeRefreshTokens(userId: string): void {
    for (const [token, user] of this.refreshTokens) {
      if (user.id === userId) {
        this.refreshTokens.delete(token);
      }
    }
  }

  paths(): string[] {
    return this.calls.map((call) => `${call.method} ${call.path}`);
  }

  readonly fetch = (input: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    const call: RecordedCall = {
      method: init.method ?? 'GET',
      path: input.replace(/^\/api\/v1/, ''),
      token: headers.get('Authorization')?.replace(/^Bearer /, ''),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      keepalive: init.keepalive ?? false,
    };
    this.calls.push(call);
    if (this.offline && call.path === '/auth/refresh') {
      return Promise.reject(new TypeError('Failed to fetch'));
    }
    return Promise.resolve(this.answer(call) ?? this.route?.(call) ?? error(404, 'NotFoundError', 'Route not found'));
  };

  private answer(call: RecordedCall): Response | undefined {
    const body = (call.body ?? {}) as Record<string, string | undefined>;
    const caller = this.userOf(call.token);
    switch (`${call.method} ${call.path}`) {
      case 'POST /auth/register': {
        if (this.accounts.has(body.email ?? '')) {
          return error(409, 'ConflictError', 'An account with this email already exists');
        }
        const user: User = { id: `account-${this.accounts.size + 1}`, displayName: body.displayName ?? '', kind: 'Account', email: body.email ?? null };
        this.accounts.set(body.email ?? '', { user, password: body.password ?? '' });
        return jsonResponse(201, { success: true, data: user });
      }
      case 'POST /auth/login': {
        const account = this.accounts.get(body.email ?? '');
        return account && account.password === body.password
          ? jsonResponse(200, this.issue(account.user))
          : error(401, 'AuthenticationError', 'Invalid email or password');
      }
      case 'POST /auth/guest': {
        const id = `guest:${String(++this.issued).padStart(4, '0')}`;
        return jsonResponse(200, this.issue({ id, displayName: body.displayName ?? `Guest ${id.slice(6)}`, kind: 'Guest', email: null }));
      }
      case 'POST /auth/refresh': {
        const user = this.refreshTokens.get(body.refreshToken ?? '');
        return user
          ? jsonResponse(200, this.issue(this.current(user)))
          : error(401, 'AuthenticationError', 'The refresh token is invalid or expired');
      }
      case 'POST /auth/logout':
        if (!caller) {
          return unauthenticated();
        }
        this.revokeRefreshTokens(caller.id);
        return jsonResponse(200, { success: true, message: 'Signed out' });
      case 'GET /auth/me':
        return caller ? jsonResponse(200, { success: true, data: this.current(caller) }) : unauthenticated();
      case 'PATCH /auth/me': {
        const account = caller && caller.email ? this.accounts.get(caller.email) : undefined;
        if (!account) {
          return caller ? error(403, 'AuthorizationError', 'Accounts only') : unauthenticated();
        }
        account.user = { ...account.user, displayName: body.displayName ?? '' };
        return jsonResponse(200, { success: true, data: account.user });
      }
      default:
        return undefined;
    }
  }

  /** An account as it is now (a rename shows in tokens issued after it); a guest as its token says. */
  private current(user: User): User {
    return (user.email ? this.accounts.get(user.email)?.user : undefined) ?? user;
  }

  private issue(user: User): AccessTokenResponse {
    const n = ++this.issued;
    const tokens: AccessTokenResponse = {
      tokenType: 'Bearer',
      accessToken: `access-${n}`,
      expiresIn: this.expiresIn,
      refreshToken: `refresh-${n}`,
    };
    this.accessTokens.set(tokens.accessToken, user);
    this.refreshTokens.set(tokens.refreshToken, user);
    return tokens;
  }
}

export function error(status: number, error: string, message: string): Response {
  return jsonResponse(status, { success: false, error, message, statusCode: status });
}

function unauthenticated(): Response {
  return error(401, 'AuthenticationError', 'Sign in, or send a valid, unexpired access token');
}

export const ada: User = { id: 'account-ada', displayName: 'Ada', kind: 'Account', email: 'ada@example.com' };
export const bob: User = { id: 'account-bob', displayName: 'Bob', kind: 'Account', email: 'bob@example.com' };
