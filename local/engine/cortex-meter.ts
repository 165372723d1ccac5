/**
 * Cortex usage, metered per query as Snowflake bills it: every AI_COMPLETE (or
 * SNOWFLAKE.CORTEX.COMPLETE) call's input and output tokens, under the query that made it, for
 * ACCOUNT_USAGE.CORTEX_AI_FUNCTIONS_USAGE_HISTORY (local/account/account-usage.ts).
 *
 * The stand-in's answer (support.ts, sf_cortex_complete) passes through `sf_cortex_metered`, a
 * JavaScript scalar function that records the call and returns the answer unchanged. It reads the
 * query id from the DuckDB variable the engine sets on the connection before a statement that
 * calls Cortex and clears after it; a call with no query id (inside a view a statement reads, or
 * on an engine without an account) is not metered, as such a call is not checked for
 * SNOWFLAKE.CORTEX_USER either (local/engine/README.md).
 */
import { DuckDBConnection, DuckDBScalarFunction, VARCHAR } from '@duckdb/node-api';

/** The DuckDB variable holding the id of the query being metered. */
export const QUERY_ID_VARIABLE = 'sf_query_id';

/** One Cortex function call of a query. */
export interface CortexCall {
  /** As the statement wrote it: `AI_COMPLETE` or `SNOWFLAKE.CORTEX.COMPLETE`. */
  readonly function: string;
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** Tokens of a text by Snowflake's documented rough rule, 4 characters a token (the stand-in's answer is cut by the same rule). */
export const tokensOf = (text: string): number => Math.ceil(text.length / 4);

export class CortexMeter {
  private readonly calls = new Map<string, CortexCall[]>();

  /** Registers `sf_cortex_metered(query_id, fn, model, prompt, answer)` on the engine's DuckDB instance. */
  register(connection: DuckDBConnection): void {
    connection.registerScalarFunction(
      DuckDBScalarFunction.create({
        name: 'sf_cortex_metered',
        returnType: VARCHAR,
        parameterTypes: [VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR],
        // Called for every row, never folded into a constant at planning: each call is billed.
        volatile: true,
        specialHandling: true,
        mainFunction: (_info, input, output) => {
          const [queryId, fn, model, prompt, answer] = [0, 1, 2, 3, 4].map((c) => input.getColumnVector(c));
          for (let row = 0; row < input.rowCount; row++) {
            const text = answer!.getItem(row) as string | null;
            const id = queryId!.getItem(row) as string | null;
            if (text !== null && id !== null) {
              const calls = this.calls.get(id) ?? [];
              calls.push({ function: String(fn!.getItem(row)), model: String(model!.getItem(row)), inputTokens: tokensOf(String(prompt!.getItem(row) ?? '')), outputTokens: tokensOf(text) });
              this.calls.set(id, calls);
            }
            output.setItem(row, text);
          }
          output.flush();
        },
      }),
    );
  }

  /** The calls metered under `queryId`, forgotten here once taken. */
  take(queryId: string): CortexCall[] {
    const calls = this.calls.get(queryId) ?? [];
    this.calls.delete(queryId);
    return calls;
  }
}
