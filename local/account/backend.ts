/**
 * The local account behind the Snowflake REST endpoint: logins check the account's users,
 * statements run in an account session rebuilt from the endpoint's session state, and session
 * changes (USE ROLE / DATABASE / SCHEMA / WAREHOUSE, query tag) flow back to the endpoint.
 */
import { randomUUID } from 'node:crypto';
import type { Backend, BindValue as WireBind, Binds, Column, QueryResult, SessionState, StatementType } from '../server/backend';
import type { BindValue } from '../engine/engine';
import { SnowflakeError } from '../engine/errors';
import type { LocalAccount, Session } from './account';
import { startServer } from '../server/server';

/** Endpoint session state carries our session id, so transactions and audit rows stay per session. */
type AccountState = SessionState & { readonly sessionId?: string };

function toBind(b: WireBind): BindValue {
  const v = b.value;
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  return JSON.stringify(v);
}

function statementType(type: string): StatementType {
  if (type === 'SELECT') return 'SELECT';
  if (type === 'show') return 'SHOW';
  if (type.startsWith('use')) return 'USE';
  if (['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'TRUNCATE'].includes(type)) return 'DML';
  return 'DDL';
}

export function accountBackend(account: LocalAccount): Backend {
  return {
    async authenticate(user, password): Promise<SessionState | undefined> {
      try {
        const session = account.login(user, password, 'JAVASCRIPT_DRIVER');
        const state: AccountState = { user: session.user, role: session.role, sessionId: session.id };
        return state;
      } catch (error) {
        if (error instanceof SnowflakeError && error.code === '390100') return undefined;
        throw error;
      }
    },
    async execute(state, sql, binds: Binds, signal): Promise<QueryResult> {
      if (!Array.isArray(binds) && Object.keys(binds).length > 0) {
        throw new SnowflakeError('002049', '42601', 'SQL compilation error: named binds are not supported by the local engine; use positional ? binds.');
      }
      const s = state as AccountState;
      const session: Session = {
        id: s.sessionId ?? randomUUID(),
        user: s.user,
        role: s.role,
        ...(s.database !== undefined ? { database: s.database } : {}),
        ...(s.schema !== undefined ? { schema: s.schema } : {}),
        ...(s.warehouse !== undefined ? { warehouse: s.warehouse } : {}),
        ...(s.queryTag !== undefined ? { queryTag: s.queryTag } : {}),
        // The server reads a SELECT's rows chunk by chunk as the client downloads them.
        deferRows: true,
      };
      if (signal.aborted) throw new SnowflakeError('000604', '57014', 'SQL execution canceled');
      const result = await account.execute(session, sql, (binds as readonly WireBind[]).map(toBind));
      const changes: Partial<SessionState> = {};
      for (const key of ['role', 'database', 'schema', 'warehouse', 'queryTag'] as const) {
        if (session[key] !== s[key]) (changes as Record<string, unknown>)[key] = session[key];
      }
      const columns: Column[] = result.columns.map((c) => ({ ...c, nullable: c.nullable }) as Column);
      return { columns, rows: result.deferred ?? result.rows, rowCount: result.rowCount, statementType: statementType(String(result.statementType)), session: changes };
    },
    async closeSession(state): Promise<void> {
      const { sessionId } = state as AccountState;
      if (sessionId !== undefined) await account.endSession(sessionId);
    },
  };
}

/** Runs `use` against the account served on an ephemeral 127.0.0.1 port, then stops serving. */
export async function withLocalEndpoint<T>(account: LocalAccount, use: (url: string) => Promise<T>): Promise<T> {
  const server = await startServer({ backend: accountBackend(account), port: 0 });
  try {
    return await use(server.url);
  } finally {
    await server.close();
  }
}
