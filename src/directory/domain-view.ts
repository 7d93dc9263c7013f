// Pure: maps the stored records onto the domain view the login's context rules read (only `active` users are offered).
import type { BusinessUser, BusinessUserStatus, Organisation } from '../domain/directory.ts';
import type { BusinessUserRecord, OrganisationRecord, UserState } from './records.ts';

export function organisationView(record: OrganisationRecord): Organisation {
  // pending_setup and disconnected organisations are both "not connected" to the login.
  return {
    cvr: record.cvr,
    name: record.name,
    ...structuredClone(record.settings),
    status: record.state === 'connected' ? 'connected' : 'disconnected',
  };
}

const STATUS_BY_STATE: Record<UserState, BusinessUserStatus> = {
  created: 'pending',
  imported: 'pending',
  pending_activation: 'pending',
  active: 'active',
  deactivated: 'blocked',
  deleted: 'deleted',
};

/**
 * `personCpr` is filled in only by a lookup that matched the CPR's keyed hash (the login's own CPR), since the
 * directory no longer keeps the CPR itself. A dedicated user ID counts while at least one of its means is active.
 */
export function businessUserView(record: BusinessUserRecord, matchedCpr?: string): BusinessUser {
  const usable = record.dedicatedMitIds
    .filter((mitid) => mitid.means.some((means) => means.state === 'active'))
    .map((mitid) => mitid.userId);
  const user: BusinessUser = {
    uuid: record.uuid,
    cvr: record.cvr,
    name: `${record.givenName} ${record.familyName}`.trim(),
    givenName: record.givenName,
    familyName: record.familyName,
    acceptedPrivateMitId: record.privateMitIdConsent === 'accepted',
    status: STATUS_BY_STATE[record.state],
    dedicatedMitIdUuids: [...new Set([...usable, ...record.sharedMitIds])],
    privileges: record.rights.length > 0 ? [{ cvr: record.cvr, privileges: [...record.rights] }] : [],
  };
  if (record.rid !== undefined) user.rid = record.rid;
  if (record.email !== undefined) user.email = record.email;
  if (matchedCpr !== undefined) user.personCpr = matchedCpr;
  return user;
}

/** Every dedicated MitID user ID a record is reachable by (own and shared): the keys of the `mitid` index. */
export function mitIdsOf(record: Pick<BusinessUserRecord, 'dedicatedMitIds' | 'sharedMitIds'>): string[] {
  return [...new Set([...record.dedicatedMitIds.map((mitid) => mitid.userId), ...record.sharedMitIds])];
}
