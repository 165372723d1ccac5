/**
 * Snowflake REST wire details shared by the endpoints: response envelopes, the error codes the
 * SDK reacts to, default session parameters, and decoding of statement binds.
 */
import type { BackendError, Binds, BindValue } from './backend';

/** An error as it goes on the wire. */
export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly sqlState?: string;
}

/**
 * Errors the server itself raises. The 39xxxx codes drive the SDK's session state machine:
 * 390112 makes it renew the session token, 390104/390111 make it give up the session.
 */
export const ERRORS = {
  badLogin: { code: '390100', message: 'Incorrect username or password was specified.' },
  roleNotGranted: (role: string): WireError => ({
    code: '390189',
    message: `Role '${role}' specified in the connect string is not granted to this user. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC.`,
  }),
  tokenMissing: { code: '390104', message: 'Session token is invalid or missing. Log in again.' },
  sessionGone: { code: '390111', message: 'Session no longer exists. New login required to access the service.' },
  sessionExpired: { code: '390112', message: 'Your session has expired. Please renew your session.' },
  masterExpired: { code: '390114', message: 'Authentication token has expired. The user must authenticate again.' },
  canceled: { code: '000604', sqlState: '57014', message: 'SQL execution canceled' },
  queryNotFound: (id: string): WireError => ({ code: '000709', sqlState: '02000', message: `Statement ${id} not found` }),
  badRequest: (what: string): WireError => ({ code: '000605', sqlState: '22000', message: `Bad request: ${what}` }),
  unsupported: (what: string): WireError => ({ code: '000002', sqlState: '0A000', message: `Unsupported feature '${what}'.` }),
  internal: (incident: string): WireError => ({
    code: '000603',
    sqlState: 'XX000',
    message: `SQL execution internal error: Processing aborted due to error 300002; incident ${incident}.`,
  }),
} as const;

/** Query-request codes that mean "not finished yet": still running, or detached (asyncExec). */
export const QUERY_IN_PROGRESS = '333333';
export const QUERY_IN_PROGRESS_ASYNC = '333334';

/** `{success: true, …}` envelope as JSON text. */
export function successBody(data: unknown, code: string | null = null, message: string | null = null): string {
  return JSON.stringify({ data, code, message, success: true });
}

/** `{success: false, …}` envelope; query errors carry `data` with the query id and SQL state. */
export function errorBody(error: WireError, queryId?: string): string {
  const data =
    error.sqlState === undefined && queryId === undefined
      ? null
      : { sqlState: error.sqlState, queryId, errorCode: error.code, internalError: false, age: 0 };
  return JSON.stringify({ data, code: error.code, message: error.message, success: false });
}

/** Whether a thrown value is a Snowflake-shaped error a backend meant to show the client. */
export function isBackendError(error: unknown): error is BackendError {
  const e = error as Partial<BackendError> | null;
  return typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.sqlState === 'string' && typeof e.message === 'string';
}

/** Parameter values a session starts with, reported with every result (the SDK reads formats from them). */
export const DEFAULT_PARAMETERS: Readonly<Record<string, string | number | boolean>> = {
  TIMEZONE: 'UTC',
  TIMESTAMP_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM',
  TIMESTAMP_NTZ_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3',
  TIMESTAMP_LTZ_OUTPUT_FORMAT: '',
  TIMESTAMP_TZ_OUTPUT_FORMAT: '',
  DATE_OUTPUT_FORMAT: 'YYYY-MM-DD',
  TIME_OUTPUT_FORMAT: 'HH24:MI:SS',
  BINARY_OUTPUT_FORMAT: 'HEX',
};

/** Parameters as the `[{name, value}]` list Snowflake sends. */
export function parameterList(parameters: Readonly<Record<string, unknown>>): { name: string; value: unknown }[] {
  return Object.entries(parameters).map(([name, value]) => ({ name, value }));
}

/** Keeps only scalar parameter values (clients may send anything in SESSION_PARAMETERS). */
export function scalarParameters(input: unknown): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  if (typeof input !== 'object' || input === null) return out;
  for (const [name, value] of Object.entries(input)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[name.toUpperCase()] = value;
  }
  return out;
}

// --- Binds -----------------------------------------------------------------------------------

type BindDecoder = (text: string) => BindValue['value'];

const INTEGER_TEXT = /^[+-]?\d+$/;

function decodeFixed(text: string): number | bigint {
  if (!INTEGER_TEXT.test(text)) return Number(text);
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

function decodeJson(text: string): BindValue['value'] {
  try {
    return JSON.parse(text) as BindValue['value'];
  } catch {
    return text;
  }
}

const BIND_DECODERS: Readonly<Record<string, BindDecoder>> = {
  FIXED: decodeFixed,
  REAL: Number,
  BOOLEAN: (text) => /^(true|1|t|yes|y|on)$/i.test(text.trim()),
  VARIANT: decodeJson,
  OBJECT: decodeJson,
  ARRAY: decodeJson,
};

function decodeValue(type: string, value: unknown): BindValue['value'] {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return value as BindValue['value'];
  const decoder = BIND_DECODERS[type];
  return decoder ? decoder(value) : value;
}

interface WireBinding {
  readonly type?: unknown;
  readonly value?: unknown;
}

const isPositional = (keys: readonly string[]): boolean => keys.every((key, i) => key === String(i + 1));

/**
 * Decodes the `bindings` of a query request into one bind set per execution. A binding whose
 * value is an array is array binding (the SDK's multi-row insert): row i of every binding forms
 * execution i. Keys `1..n` become a positional array, anything else a named record.
 */
export function decodeBindings(bindings: unknown): Binds[] {
  if (typeof bindings !== 'object' || bindings === null) return [[]];
  const entries = Object.entries(bindings as Record<string, WireBinding>)
    .map(([key, b]) => ({ key, type: typeof b?.type === 'string' ? b.type.toUpperCase() : 'TEXT', value: b?.value }))
    .sort((a, b) => (INTEGER_TEXT.test(a.key) && INTEGER_TEXT.test(b.key) ? Number(a.key) - Number(b.key) : 0));
  const keys = entries.map((e) => e.key);
  const rows = Math.max(1, ...entries.map((e) => (Array.isArray(e.value) ? e.value.length : 1)));
  const sets: Binds[] = [];
  for (let row = 0; row < rows; row++) {
    const values = entries.map((e) => ({ type: e.type, value: decodeValue(e.type, Array.isArray(e.value) ? e.value[row] : e.value) }));
    sets.push(isPositional(keys) ? values : Object.fromEntries(values.map((v, i) => [keys[i]!, v])));
  }
  return sets;
}
