// Pure: records as the admin API shows them — a CPR only masked, an activation without its code hash.
import type { BusinessUserRecord, OrganisationRecord, RightRecord } from '../directory/records.ts';

export function organisationOut(record: OrganisationRecord) {
  const { cvr, name, state, settings, setupExpiresAt, version } = record;
  return { cvr, name, state, settings, ...(setupExpiresAt ? { setupExpiresAt } : {}), version };
}

export function userOut(record: BusinessUserRecord) {
  const out: Record<string, unknown> = {
    uuid: record.uuid,
    cvr: record.cvr,
    givenName: record.givenName,
    familyName: record.familyName,
    state: record.state,
    privateMitIdConsent: record.privateMitIdConsent,
    roles: record.roles,
    rights: record.rights,
    chosenMeans: record.chosenMeans,
    version: record.version,
  };
  if (record.rid !== undefined) out.rid = record.rid;
  if (record.externalId !== undefined) out.externalId = record.externalId;
  if (record.email !== undefined) out.email = record.email;
  if (record.phone !== undefined) out.phone = record.phone;
  if (record.identity.kind === 'cpr') out.cprMasked = record.identity.cprMasked;
  if (record.identity.kind === 'birthdate') out.birthDate = record.identity.birthDate;
  if (record.activation) {
    const { id, method, state, expiresAt } = record.activation;
    out.activation = { id, method, state, expiresAt };
  }
  return out;
}

export function rightOut(record: RightRecord) {
  const { urn, nameDa, nameEn, version } = record;
  return { urn, nameDa, nameEn, version };
}
