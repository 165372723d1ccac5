/**
 * Logged-in sessions and their tokens. A session token is short-lived and renewed with the
 * master token (the SDK does this on error 390112); the master token slides forward with use,
 * so a session lives as long as its client keeps talking to it.
 */
import { randomBytes } from 'node:crypto';
import type { SessionState } from './backend';
import { ERRORS, type WireError } from './protocol';
import type { QueryRecord } from './queries';

/** One logged-in client session. */
export interface Session {
  /** Numeric id, as Snowflake reports `sessionId`. */
  readonly id: number;
  /** What the next statement runs with; replaced as statements change it. */
  state: SessionState;
  /** Session parameters reported with every result (defaults plus what the client set at login). */
  readonly parameters: Readonly<Record<string, string | number | boolean>>;
  token: string;
  tokenExpiresAt: number;
  readonly masterToken: string;
  masterExpiresAt: number;
  /** This session's queries by client request id; a retried request id joins the first run. */
  readonly byRequestId: Map<string, QueryRecord>;
}

/** How long tokens stay valid. */
export interface TokenLifetimes {
  readonly sessionSeconds: number;
  readonly masterSeconds: number;
}

const newToken = (): string => randomBytes(24).toString('base64url');

/** All sessions of one server, found by session or master token. */
export class SessionStore {
  private readonly byToken = new Map<string, Session>();
  private readonly byMaster = new Map<string, Session>();
  private nextId = 1;

  constructor(private readonly lifetimes: TokenLifetimes) {}

  /** Opens a session for an authenticated user. */
  open(state: SessionState, parameters: Readonly<Record<string, string | number | boolean>>): Session {
    const now = Date.now();
    const session: Session = {
      id: this.nextId++,
      state,
      parameters,
      token: newToken(),
      tokenExpiresAt: now + this.lifetimes.sessionSeconds * 1000,
      masterToken: newToken(),
      masterExpiresAt: now + this.lifetimes.masterSeconds * 1000,
      byRequestId: new Map(),
    };
    this.byToken.set(session.token, session);
    this.byMaster.set(session.masterToken, session);
    return session;
  }

  /** The session a session token belongs to, or the error telling the SDK what to do next. */
  authorize(token: string | undefined): Session | WireError {
    if (!token) return ERRORS.tokenMissing;
    const session = this.byToken.get(token);
    if (!session) return ERRORS.sessionGone;
    const now = Date.now();
    if (session.tokenExpiresAt <= now) return ERRORS.sessionExpired;
    session.masterExpiresAt = now + this.lifetimes.masterSeconds * 1000;
    return session;
  }

  /** Issues a new session token for the session holding `masterToken` (token-request RENEW). */
  renew(masterToken: string | undefined): Session | WireError {
    const session = masterToken ? this.byMaster.get(masterToken) : undefined;
    if (!session) return ERRORS.sessionGone;
    const now = Date.now();
    if (session.masterExpiresAt <= now) return ERRORS.masterExpired;
    this.byToken.delete(session.token);
    session.token = newToken();
    session.tokenExpiresAt = now + this.lifetimes.sessionSeconds * 1000;
    session.masterExpiresAt = now + this.lifetimes.masterSeconds * 1000;
    this.byToken.set(session.token, session);
    return session;
  }

  /** Forgets a session; its tokens stop working. */
  close(session: Session): void {
    this.byToken.delete(session.token);
    this.byMaster.delete(session.masterToken);
  }

  /** Sessions whose master token has expired (nobody can use or renew them any more). */
  expired(now: number): Session[] {
    return [...this.byMaster.values()].filter((s) => s.masterExpiresAt <= now);
  }

  /** Every open session. */
  all(): Session[] {
    return [...this.byMaster.values()];
  }
}
