// Runs in every test file: throwaway redis-servers and their temp dirs never outlive the file that made them.
import { afterAll } from 'vitest';
import { removeRedisTempDirs } from './support/redis-server.ts';

afterAll(removeRedisTempDirs);
