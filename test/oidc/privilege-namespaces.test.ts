// professional.privileges per client: only rights under the URN namespaces the client is registered for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { privilegesUnder } from '../../src/oidc/privilege-namespaces.ts';

const GRANTS = [{ cvr: '12345674', privileges: ['urn:dk:digitalpost:privilege:read', 'urn:dk:skat:privilege:vat-reporting'] }];

describe('privilegesUnder', () => {
  it('keeps only the namespaces given, drops empty grants, and gives nothing without a namespace', () => {
    expect(privilegesUnder(GRANTS, ['urn:dk:digitalpost:'])).toEqual([
      { cvr: '12345674', privileges: ['urn:dk:digitalpost:privilege:read'] },
    ]);
    expect(privilegesUnder(GRANTS, ['urn:dk:other:'])).toEqual([]);
    expect(privilegesUnder(GRANTS, [])).toEqual([]);
  });

  it('never releases a right outside every namespace, and keeps every right inside one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('urn:a:', 'urn:b:', 'urn:a:x:')),
        fc.array(fc.constantFrom('urn:a:1', 'urn:b:2', 'urn:a:x:3', 'urn:c:4')),
        (namespaces, rights) => {
          const released = privilegesUnder([{ cvr: '12345674', privileges: rights }], namespaces).flatMap((grant) => grant.privileges);
          expect(released).toEqual(rights.filter((urn) => namespaces.some((namespace) => urn.startsWith(namespace))));
        },
      ),
    );
  });
});
