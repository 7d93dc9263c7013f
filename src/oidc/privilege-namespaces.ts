// Pure: the rights a client receives in professional.privileges — only those under the URN namespaces it is registered for.
import type { Privilege } from '../domain/directory.ts';

export function privilegesUnder(privileges: readonly Privilege[], namespaces: readonly string[]): Privilege[] {
  return privileges
    .map((grant) => ({
      cvr: grant.cvr,
      privileges: grant.privileges.filter((urn) => namespaces.some((namespace) => urn.startsWith(namespace))),
    }))
    .filter((grant) => grant.privileges.length > 0);
}
