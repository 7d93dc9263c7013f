// Runs in every test file: throwaway redis-servers, their temp dirs and the test outbox never outlive the file that made them.
import { afterAll } from 'vitest';
import { removeTestOutboxDir } from './support/outbox-dir.ts';
import { removeRedisTempDirs } from './support/redis-server.ts';

afterAll(removeRedisTempDirs);
afterAll(removeTestOutboxDir);
