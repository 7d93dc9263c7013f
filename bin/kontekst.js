#!/usr/bin/env node
// The `kontekst` command: runs the compiled CLI (dist/) when it is up to date with src/, else the TypeScript through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli', 'main.js');
const sourceDir = join(root, 'src');
const source = join(sourceDir, 'cli', 'main.ts');

// oidc-provider warns about every Node release before 22 at import; the CLI supports Node >= 20.19 and its
// output (often parsed with --json) stays clean of that one line. Every other warning passes through.
const warn = console.warn.bind(console);
console.warn = (...args) => {
  if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
  warn(...args);
};

/** Newest modification time of any file below dir (a few hundred stats: about a millisecond). */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Compiled JavaScript starts in about half the time of compiling TypeScript on every call, so it is used when
 * `npm run build` made it after the last change to src/ (always in a production install, which has no src/).
 */
function compiledIsCurrent() {
  if (!existsSync(compiled)) return false;
  if (!existsSync(source)) return true;
  return statSync(compiled).mtimeMs >= newestMtime(sourceDir);
}

/** tsx is a development dependency: absent in a production install, which uses dist/ (npm run build). */
async function loadTsx() {
  try {
    return await import('tsx/esm/api');
  } catch {
    return undefined;
  }
}

if (compiledIsCurrent()) {
  await import(pathToFileURL(compiled).href);
} else if (existsSync(source) && (await loadTsx())) {
  (await loadTsx()).register();
  await import(pathToFileURL(source).href);
} else if (existsSync(compiled)) {
  await import(pathToFileURL(compiled).href);
} else {
  process.stderr.write('kontekst: no CLI to run: build it with "npm run build" (dist/) or install dev dependencies (tsx)\n');
  process.exitCode = 1;
}
