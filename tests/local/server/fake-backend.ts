/**
 * A tiny in-memory Backend for the server tests. It understands just enough SQL-shaped text to
 * exercise the protocol: USE / ALTER SESSION, `SELECT <binds>` that echoes its binds, tables in
 * a map, a generated table (rows made when the server reads them), a sleep that honours cancellation, INSERT with binds, and a
 * statement that crashes.
 */
import type { Backend, BindValue, Binds, Column, ColumnType, QueryResult, Rows, SessionState } from '../../../local/server/backend';

export interface FakeUser {
  readonly password: string;
  readonly roles: readonly string[];
}

export interface FakeTable {
  readonly columns: readonly Column[];
  readonly rows: unknown[][];
}

const sqlError = (code: string, sqlState: string, message: string) => Object.assign(new Error(message), { code, sqlState });

const BIND_COLUMN_TYPES: Readonly<Record<string, ColumnType>> = { FIXED: 'FIXED', REAL: 'REAL', BOOLEAN: 'BOOLEAN', VARIANT: 'VARIANT' };

/** Rows of `GENERATE(n)`: ID, AMOUNT (cents as NUMBER(12,2)), LABEL. */
export const GENERATED_COLUMNS: readonly Column[] = [
  { name: 'ID', type: 'FIXED', precision: 38, scale: 0, nullable: false },
  { name: 'AMOUNT', type: 'FIXED', precision: 12, scale: 2, nullable: false },
  { name: 'LABEL', type: 'TEXT', length: 20, nullable: false },
];

export function generatedRow(i: number): unknown[] {
  return [i, (i % 10_000) / 100, `r${i % 1000}`];
}

export class FakeBackend implements Backend {
  readonly tables = new Map<string, FakeTable>();
  readonly databases = new Set(['DEV_ACME', 'DEV_GLOBEX']);
  /** Every statement each session ran, with the session state it ran in. */
  readonly log: { sql: string; session: SessionState }[] = [];
  /** Statements whose abort signal fired. */
  readonly aborted: string[] = [];
  /** Statements whose result rows the server released. */
  readonly released: string[] = [];
  /** Sessions the server ended (logout, expiry, shutdown), by user. */
  readonly closed: string[] = [];

  constructor(readonly users: Readonly<Record<string, FakeUser>>) {}

  /** `GENERATE(n)`: rows made when the server reads a range, as a backend converting on demand does. */
  private generated(n: number, sql: string): Rows {
    let released = false;
    return {
      length: n,
      slice: (start, end) => {
        if (released) throw new Error(`rows of ${sql} read after they were released`);
        return Array.from({ length: Math.max(0, Math.min(end, n) - start) }, (_, i) => generatedRow(start + i));
      },
      release: () => {
        released = true;
        this.released.push(sql);
      },
    };
  }

  async authenticate(user: string, password: string): Promise<SessionState | undefined> {
    const known = this.users[user.toUpperCase()];
    return known && known.password === password ? { user: user.toUpperCase(), role: known.roles[0]! } : undefined;
  }

  async closeSession(session: SessionState): Promise<void> {
    this.closed.push(session.user);
  }

  async execute(session: SessionState, sql: string, binds: Binds, signal: AbortSignal): Promise<QueryResult> {
    this.log.push({ sql, session });
    const text = sql.trim().replace(/;$/, '');
    let m: RegExpExecArray | null;
    if ((m = /^USE\s+(ROLE|DATABASE|SCHEMA|WAREHOUSE)\s+"?([\w$]+)"?$/i.exec(text))) return this.use(session, m[1]!.toUpperCase(), m[2]!.toUpperCase());
    if ((m = /^ALTER SESSION SET QUERY_TAG\s*=\s*'([^']*)'$/i.exec(text))) return { columns: [], rows: [], statementType: 'DDL', session: { queryTag: m[1]! } };
    if (/^SELECT CONTEXT$/i.test(text)) {
      const columns = ['USER', 'ROLE', 'DATABASE', 'SCHEMA', 'QUERY_TAG'].map((name): Column => ({ name, type: 'TEXT', nullable: true }));
      return { columns, rows: [[session.user, session.role, session.database ?? null, session.schema ?? null, session.queryTag ?? null]] };
    }
    if ((m = /^SELECT \* FROM GENERATE\((\d+)\)$/i.exec(text))) {
      const n = Number(m[1]);
      return { columns: GENERATED_COLUMNS, rows: this.generated(n, text) };
    }
    if ((m = /^SELECT SLEEP\((\d+)\)$/i.exec(text))) return this.sleep(text, Number(m[1]), signal);
    if ((m = /^SELECT \* FROM (\w+)$/i.exec(text))) {
      const table = this.tables.get(m[1]!.toUpperCase());
      if (!table) throw sqlError('002003', '42S02', `SQL compilation error:\nObject '${m[1]!.toUpperCase()}' does not exist or not authorized.`);
      return { columns: table.columns, rows: table.rows.slice() };
    }
    if ((m = /^INSERT INTO (\w+) VALUES \(.*\)$/i.exec(text))) {
      const table = this.tables.get(m[1]!.toUpperCase());
      if (!table) throw sqlError('002003', '42S02', `SQL compilation error:\nTable '${m[1]!.toUpperCase()}' does not exist or not authorized.`);
      table.rows.push(Object.values(binds).map((b: BindValue) => b.value));
      return { columns: [{ name: 'number of rows inserted', type: 'FIXED', nullable: false }], rows: [[1]], rowCount: 1, statementType: 'DML' };
    }
    if (/^SELECT\s/i.test(text)) return this.echoBinds(text, binds);
    if (/^BOOM$/i.test(text)) throw new Error('backend exploded at /secret/path/engine.ts:42');
    throw sqlError('001003', '42000', `SQL compilation error:\nsyntax error line 1 at position 0 unexpected '${text.split(/\s/)[0]}'.`);
  }

  private use(session: SessionState, kind: string, name: string): QueryResult {
    const done = (change: Partial<SessionState>): QueryResult => ({
      columns: [{ name: 'status', type: 'TEXT', nullable: false }],
      rows: [['Statement executed successfully.']],
      statementType: 'USE',
      session: change,
    });
    if (kind === 'ROLE') {
      if (!this.users[session.user]?.roles.includes(name)) throw sqlError('003013', '42501', `SQL access control error:\nRole '${name}' does not exist or not authorized.`);
      return done({ role: name });
    }
    if (kind === 'DATABASE') {
      if (!this.databases.has(name)) throw sqlError('002003', '02000', `SQL compilation error:\nDatabase '${name}' does not exist or not authorized.`);
      return done({ database: name, schema: 'PUBLIC' });
    }
    return done(kind === 'SCHEMA' ? { schema: name } : { warehouse: name });
  }

  private sleep(sql: string, ms: number, signal: AbortSignal): Promise<QueryResult> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve({ columns: [{ name: 'SLEPT', type: 'FIXED', nullable: false }], rows: [[ms]] }), ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        this.aborted.push(sql);
        reject(sqlError('000604', '57014', 'SQL execution canceled'));
      });
    });
  }

  /** `SELECT ?, :2, :name`: one row with the referenced binds, typed from the bind types. */
  private echoBinds(text: string, binds: Binds): QueryResult {
    const refs = text.slice(7).split(',').map((s) => s.trim());
    let next = 0;
    const picked = refs.map((ref): BindValue | undefined => {
      if (ref === '?') return (binds as readonly BindValue[])[next++];
      const numbered = /^:(\d+)$/.exec(ref);
      if (numbered) return (binds as readonly BindValue[])[Number(numbered[1]) - 1];
      return (binds as Readonly<Record<string, BindValue>>)[ref.slice(1)];
    });
    const columns = picked.map((b, i): Column => ({ name: `C${i + 1}`, type: BIND_COLUMN_TYPES[b?.type ?? ''] ?? 'TEXT', scale: b?.type === 'REAL' ? undefined : 0, nullable: true }));
    return { columns, rows: [picked.map((b) => b?.value ?? null)] };
  }
}
