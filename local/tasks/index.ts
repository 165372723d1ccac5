/** Snowflake tasks for the local engine: statements, the task registry, the graph runner and history. */
export * from './statements';
export * from './schedule';
export * from './graph';
export * from './history';
export * from './runner';
