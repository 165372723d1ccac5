#!/usr/bin/env node
// The `eyecare` command: TypeScript sources run through tsx's CommonJS hook, no build step.
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
