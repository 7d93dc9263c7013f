// The typed view of Kontekst's client metadata: defaults once, operator-only fields derived from the field table.
import { describe, expect, it } from 'vitest';
import {
  defaultOf,
  fieldProblem,
  KONTEKST_CLIENT_DEFAULTS,
  KONTEKST_CLIENT_PROPERTIES,
  kontekstMetadataOf,
  OPERATOR_ONLY_FIELDS,
} from '../../src/oidc/client-metadata.ts';
import { parseClient } from '../../src/oidc/clients.ts';

describe('Kontekst client metadata', () => {
  it('gives a client without Kontekst fields the defaults: both identity types, no entitlements, not first party', () => {
    expect(kontekstMetadataOf({ client_id: 'x' })).toEqual({
      identity_types: ['private', 'professional'],
      entitlements: [],
      first_party: false,
      privilege_namespaces: [],
      admin_operator: false,
    });
    expect(kontekstMetadataOf(undefined)).toEqual(KONTEKST_CLIENT_DEFAULTS);
  });

  it('reads the fields a client has', () => {
    const view = kontekstMetadataOf({
      identity_types: ['professional'],
      entitlements: ['cpr'],
      first_party: true,
      privilege_namespaces: ['urn:dk:digitalpost:'],
      other: 1,
    });
    expect(view).toEqual({
      identity_types: ['professional'],
      entitlements: ['cpr'],
      first_party: true,
      privilege_namespaces: ['urn:dk:digitalpost:'],
      admin_operator: false,
    });
  });

  it('throws on stored metadata that breaks the schema rather than guessing', () => {
    expect(() => kontekstMetadataOf({ entitlements: ['everything'] })).toThrow();
  });

  it('lists the properties for the provider and marks entitlements, first_party, privilege_namespaces and admin_operator operator-only', () => {
    expect(KONTEKST_CLIENT_PROPERTIES).toEqual(['identity_types', 'entitlements', 'first_party', 'privilege_namespaces', 'admin_operator']);
    expect(OPERATOR_ONLY_FIELDS).toEqual(['entitlements', 'first_party', 'privilege_namespaces', 'admin_operator']);
    expect(defaultOf('privilege_namespaces')).toEqual([]);
    expect(defaultOf('admin_operator')).toBe(false);
    expect(defaultOf('entitlements')).toEqual([]);
    expect(defaultOf('first_party')).toBe(false);
  });

  it('checks one field as given: an empty identity_types list is a problem, a valid one is not', () => {
    expect(fieldProblem('identity_types', [])).toBeTypeOf('string');
    expect(fieldProblem('identity_types', ['private', 'business'])).toBeTypeOf('string');
    expect(fieldProblem('identity_types', ['private'])).toBeUndefined();
  });

  it('is the same schema the static client files are checked with', () => {
    const base = { client_id: 'c', client_secret: 'x'.repeat(32), redirect_uris: ['https://rp.example/cb'] };
    expect(parseClient(base, 'f.json')).toMatchObject(KONTEKST_CLIENT_DEFAULTS);
    expect(() => parseClient({ ...base, entitlements: ['cprr'] }, 'f.json')).toThrow(/entitlements/);
  });
});
