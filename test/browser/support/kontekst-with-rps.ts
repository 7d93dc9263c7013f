// Starts Kontekst with the demo relying party (/demo-rp) and a tiny third-party relying party on its own port.
import { createServer, type Server } from 'node:http';
import { loadConfig } from '../../../src/config/index.ts';
import { buildKontekst, type Kontekst } from '../../../src/bootstrap.ts';
import { demoRelyingParty } from '../../../src/demo-rp/index.ts';
import { silentLogger } from '../../../src/observability/logger.ts';
import { listen } from '../../support/kontekst.ts';
import { SHARED_TEST_KEYS } from '../../support/keys-dir.ts';
import { startThirdPartyRp, type ThirdPartyRp } from './third-party-rp.ts';

export interface BrowserWorld {
  /** Kontekst's public URL (also the demo RP's origin: /demo-rp). */
  url: string;
  /** A third-party relying party (consent page, no ui_locales) on another origin. */
  rp: ThirdPartyRp;
  kontekst: Kontekst;
  close(): Promise<void>;
}

export async function startBrowserWorld(): Promise<BrowserWorld> {
  const server: Server = createServer();
  const port = await listen(server);
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_URL: url,
    KEYS_DIR: SHARED_TEST_KEYS,
    LOG_LEVEL: 'silent',
    CLIENTS_DIR: 'config/clients',
  });
  // The third-party RP's port must be known before Kontekst registers its redirect URI.
  const rp = await startThirdPartyRp(url);
  const demo = await demoRelyingParty(config);
  const kontekst = await buildKontekst(config, silentLogger(), {
    extraClients: [demo.client, rp.registration],
    extraRouters: () => [demo.router],
  });
  server.on('request', kontekst.app.callback());
  return {
    url,
    rp,
    kontekst,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rp.close();
      await kontekst.close();
    },
  };
}
