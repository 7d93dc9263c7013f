// Chooses the CVR register adapter from configuration: the demo fixture, the HTTP adapter, or none.
import type { CvrRegisterConfig } from '../config/index.ts';
import { loadCvrRegisterFixture } from './fixture.ts';
import { HttpCvrRegister } from './http-register.ts';
import { CvrRegisterError, type CvrRegister } from './register.ts';

export { CvrRegisterError, type CvrRegister, type RepresentedOrganisation } from './register.ts';

/** No register configured: self-service connection is unavailable; the operator's connect command still works. */
const notConfigured: CvrRegister = {
  organisationsRepresentedBy: async () => {
    throw new CvrRegisterError('cvr_register_not_configured', 'no CVR register is configured (CVR_REGISTER)');
  },
};

export async function createCvrRegister(config: CvrRegisterConfig, worldFile: string | undefined): Promise<CvrRegister> {
  switch (config.source) {
    case 'fixture':
      if (!worldFile) throw new Error('CVR_REGISTER=fixture reads the cvrRegister section of WORLD_FILE: set WORLD_FILE');
      return loadCvrRegisterFixture(worldFile);
    case 'http':
      return new HttpCvrRegister({ url: config.url, timeoutMs: config.timeoutMs });
    case 'none':
      return notConfigured;
  }
}
