// Starts Kontekst with the demo relying party (/demo-rp) and a tiny third-party relying party on its own port.
import type { Kontekst } from '../../../src/bootstrap.ts';
import { demoRelyingParty } from '../../../src/demo-rp/index.ts';
import { startKontekst } from '../../support/kontekst.ts';
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
  let rp: ThirdPartyRp | undefined;
  const running = await startKontekst({
    build: async (config) => {
      // The third-party RP's port must be known before Kontekst registers its redirect URI.
      rp = await startThirdPartyRp(config.publicUrl);
      const demo = await demoRelyingParty(config);
      return { extraClients: [demo.client, rp.registration], extraRouters: () => [demo.router] };
    },
  });
  const thirdParty = rp!;
  return {
    url: running.url,
    rp: thirdParty,
    kontekst: running.kontekst,
    async close() {
      await running.close();
      await thirdParty.close();
    },
  };
}
