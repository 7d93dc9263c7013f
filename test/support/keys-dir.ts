// Where the shared test signing keys live (generated once by test/global-setup.ts).
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SHARED_TEST_KEYS = join(tmpdir(), `kontekst-test-keys-${process.getuid?.() ?? 0}`);
