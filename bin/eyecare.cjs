#!/usr/bin/env node
// The `eyecare` command: TypeScript sources run through tsx's CommonJS hook, no build step.
// snowflake-sdk loads the AWS SDK (for S3 stages), which prints a 9-line notice on every start that
// its future releases will need Node 22; the versions package-lock.json pins run on this Node.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs/api').register();
require('../cli/main.ts')
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.stack || error.message : error);
      process.exit(1);
    },
  );
