/**
 * `eyecare ask --tenant T [--env E] [--sql] [--json] "question"`: a plain-English question about a
 * tenant's KPIs, answered from its marts as the tenant's analyst (insights/). Exit 1 with what to
 * ask instead when the question cannot be read.
 */
import { loadEnvironment } from '../environments/load';
import { planEnvironment } from '../model/plan';
import { AskTenant, ask } from '../insights/ask';
import { CORTEX_DEFAULTS } from '../model/defaults';
import { renderAnswer } from '../insights/answer';
import { QuestionError } from '../insights/question';
import { UsageError } from './args';
import { tenantOf, withTenantClient } from './tenant-client';

export async function askCommand(options: { env: string; tenant: string; question: string; sql: boolean; json: boolean }): Promise<number> {
  if (options.question.trim() === '') throw new UsageError('no question: eyecare ask --tenant T "net revenue last month by location"');
  const plan = planEnvironment(loadEnvironment(options.env));
  const tenant = tenantOf(plan, options.env, options.tenant);
  const target: AskTenant = {
    id: tenant.id,
    database: tenant.names.database,
    locations: tenant.locations.map((l) => ({ id: l.id, name: l.name })),
    ...(tenant.features.cortex ? { cortex: CORTEX_DEFAULTS } : {}),
  };
  try {
    const answer = await withTenantClient(options.env, plan, tenant, 'ANALYST', 'ask', (client) => ask(client, target, options.question), tenant.names.database);
    if (options.json) {
      // Measures by id, in the question and in each anomaly.
      const { question, ...rest } = answer;
      const byId = (_key: string, value: unknown) => (value !== null && typeof value === 'object' && 'phrases' in value && 'id' in value ? value.id : value);
      console.log(JSON.stringify({ question, ...rest }, byId, 2));
      return 0;
    }
    for (const line of renderAnswer(answer)) console.log(line);
    if (options.sql) console.log(`\n${answer.query.sql}\n-- binds: ${JSON.stringify(answer.query.binds)}`);
    return 0;
  } catch (error) {
    if (!(error instanceof QuestionError)) throw error;
    console.error(`eyecare ask: ${error.message}`);
    return 1;
  }
}
