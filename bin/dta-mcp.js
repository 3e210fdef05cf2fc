#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so generated handlers and local handler
// modules (.ts) load without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
