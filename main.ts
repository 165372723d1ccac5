/**
 * The CDKTF app (`cdktf synth|diff|deploy`, see cdktf.json). Builds the environment named by
 * EYECARE_ENV (default dev), only the stacks in EYECARE_STACKS when set. Invalid config exits 1
 * with one line per problem and writes nothing.
 */
import { ConfigError } from './environments/issues';
import { selectedEnvironment } from './environments/load';
import { StackSelectionError, parseStackPatterns, synthesize } from './stacks/synth';

// Inside the chain, so a bad EYECARE_ENV or EYECARE_STACKS is reported below like any config error.
Promise.resolve()
  .then(() =>
    synthesize({
      env: selectedEnvironment(),
      stacks: parseStackPatterns(process.env.EYECARE_STACKS),
      // The cdktf CLI (which always passes CDKTF_CONTEXT_JSON) prunes orphaned stack directories itself.
      pruneOrphans: process.env.CDKTF_CONTEXT_JSON === undefined,
    }),
  )
  .catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof StackSelectionError) {
      console.error(error.message);
    } else {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    }
    process.exit(1);
  });
