#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx virq` works right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
