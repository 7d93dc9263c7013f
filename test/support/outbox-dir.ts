// One throwaway development-outbox directory per test file, for in-process and spawned Kontekst alike; removed after the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir: string | undefined;

/** Where this test file's Kontekst servers write development e-mail and SMS (never the work tree's var/outbox). */
export function testOutboxDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'kontekst-test-outbox-'));
  return dir;
}

export function removeTestOutboxDir(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}
