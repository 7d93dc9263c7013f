// Two Kontekst processes behind one load balancer, sharing one Redis (single server or Cluster): a small production.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientRegistration } from '../../../src/oidc/clients.ts';
import { SHARED_TEST_KEYS } from '../../support/keys-dir.ts';
import { startLoadBalancer, type LoadBalancer } from './load-balancer.ts';
import { spawnKontekst, type KontekstProcess } from './kontekst-process.ts';

export interface Deployment {
  /** The public URL (the load balancer): the issuer every process announces. */
  url: string;
  lb: LoadBalancer;
  processes: KontekstProcess[];
  close(): Promise<void>;
}

/**
 * Starts the balancer, then the processes one after the other (the first one creates the simulator's
 * signing key in the shared keys directory, the next ones read it, as a deployment would ship it).
 * `redisEnv` selects the Redis: REDIS_URL or REDIS_CLUSTER_NODES.
 */
export async function startDeployment(options: {
  redisEnv: Record<string, string>;
  clients: ClientRegistration[];
  names?: string[];
  extraEnv?: Record<string, string>;
}): Promise<Deployment> {
  const lb = await startLoadBalancer();
  const dir = mkdtempSync(join(tmpdir(), 'kontekst-scale-'));
  const keysDir = join(dir, 'keys');
  const clientsDir = join(dir, 'clients');
  mkdirSync(keysDir);
  mkdirSync(clientsDir);
  // Own copies: other test files may (re)create files in the shared directory while this one runs.
  for (const file of ['signing.jwks.json', 'upstream-client.jwks.json']) copyFileSync(join(SHARED_TEST_KEYS, file), join(keysDir, file));
  for (const registration of options.clients) {
    writeFileSync(join(clientsDir, `${registration.client_id}.json`), JSON.stringify(registration));
  }
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PUBLIC_URL: lb.url,
    KEYS_DIR: keysDir,
    CLIENTS_DIR: clientsDir,
    DEMO_RP_ENABLED: 'false',
    REDIS_KEY_PREFIX: `scale-${process.pid}`,
    // The load test's logins all come from one address.
    RATE_LIMIT_LOGINS_PER_IP: '1000000/60',
    ...options.redisEnv,
    ...options.extraEnv,
  };
  const processes: KontekstProcess[] = [];
  try {
    for (const name of options.names ?? ['a', 'b']) {
      const started = await spawnKontekst(name, env);
      processes.push(started);
      lb.addBackend(name, started.port);
    }
  } catch (error) {
    await Promise.all(processes.map((running) => running.stop()));
    await lb.close();
    throw error;
  }
  return {
    url: lb.url,
    lb,
    processes,
    async close() {
      await Promise.all(processes.map((running) => running.stop()));
      await lb.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
