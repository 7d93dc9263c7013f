#!/usr/bin/env node
// The `kontekst` command: runs the compiled CLI (dist/, production) or the TypeScript source through tsx (development).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli', 'main.js');
const source = join(root, 'src', 'cli', 'main.ts');

/** tsx is a development dependency: absent in a production install, which uses dist/ (npm run build). */
async function loadTsx() {
  try {
    return await import('tsx/esm/api');
  } catch {
    return undefined;
  }
}

const preferCompiled = process.env.NODE_ENV === 'production' || !existsSync(source);
const tsx = preferCompiled && existsSync(compiled) ? undefined : await loadTsx();

if (tsx && existsSync(source)) {
  tsx.register();
  await import(pathToFileURL(source).href);
} else if (existsSync(compiled)) {
  await import(pathToFileURL(compiled).href);
} else {
  process.stderr.write('kontekst: no CLI to run: build it with "npm run build" (dist/) or install dev dependencies (tsx)\n');
  process.exitCode = 1;
}
