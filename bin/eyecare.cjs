#!/usr/bin/env node
// The `eyecare` command: TypeScript sources run through tsx's CommonJS hook, no build step.
require('tsx/cjs/api').register();
require('../cli/main.ts');
