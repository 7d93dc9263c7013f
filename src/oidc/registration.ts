// Dynamic client registration (RFC 7591/7592) and its policies. Disabled until its issue lands.
import type { Configuration } from 'oidc-provider';
import type { Config } from '../config/index.ts';

export function registrationFeatures(
  _config: Config,
): Pick<NonNullable<Configuration['features']>, 'registration' | 'registrationManagement'> {
  return {
    registration: { enabled: false },
    registrationManagement: { enabled: false },
  };
}
