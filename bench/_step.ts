import { startRedisServer } from '../test/support/redis-server.ts';
import { startBenchServer } from './servers.ts';
import { fullFlow } from './flows.ts';
const s = await startRedisServer();
const target = (process.argv[2] ?? 'bare') as 'bare' | 'kontekst';
const useRedis = process.argv[3] !== 'memory';
const srv = await startBenchServer('b', target === 'bare' ? 'bench/bare-server.ts' : 'bench/kontekst-server.ts', { NODE_ENV: 'test', KEYS_DIR: '/tmp/bench-keys-try', LOG_LEVEL: 'warn', ...(useRedis ? { REDIS_URL: s.url } : {}) });
const origFetch = globalThis.fetch;
const times: string[] = [];
globalThis.fetch = (async (input: any, init: any) => { const t = performance.now(); const r = await origFetch(input, init); times.push(`${(performance.now() - t).toFixed(1)} ${init?.method ?? 'GET'} ${new URL(String(input)).pathname.slice(0, 40)} ${r.status}`); return r; }) as typeof fetch;
for (let i = 0; i < 6; i++) { times.length = 0; const t = performance.now(); await fullFlow(target, srv.url); console.log('flow', (performance.now() - t).toFixed(1)); if (i === 5) console.log(times.join('\n')); }
await srv.stop(); await s.stop();
