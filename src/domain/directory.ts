// The MitID Erhverv model as the rest of Kontekst sees it: organisations and their business users.
import type { Loa, Means } from './mitid.ts';

export type OrganisationStatus = 'connected' | 'disconnected';

export interface Organisation {
  /** 8-digit CVR number, modulus-11 valid. */
  cvr: string;
  name: string;
  /** Whether the organisation administrator accepts private MitID for business use. */
  privateMitIdAllowed: boolean;
  /** Identification means the organisation lets its users log in with. */
  allowedMeans: Means[];
  /** Whether one dedicated user ID may be shared with other organisations that allow it too. */
  sharedMeansAllowed: boolean;
  /** Minimum level of assurance for acting on behalf of the organisation. */
  requiredLoa: Loa;
  status: OrganisationStatus;
}

export type BusinessUserStatus = 'active' | 'pending' | 'blocked' | 'deleted';

/** A privilege granted by a rights administrator to a business user. */
export interface Privilege {
  /** CVR the privilege is scoped to (own organisation or one that granted a power of attorney). */
  cvr: string;
  privileges: string[];
}

export interface BusinessUser {
  /** Persistent professional UUID: the business user's identity inside one organisation. */
  uuid: string;
  cvr: string;
  /** Legacy NemID employee number, only for imported users. */
  rid?: string;
  name: string;
  givenName: string;
  familyName: string;
  /** Work email. */
  email?: string;
  /** CPR of the person behind the business user; links a private MitID login to this user. */
  personCpr?: string;
  /** The user accepted using private MitID at activation. */
  acceptedPrivateMitId: boolean;
  status: BusinessUserStatus;
  /** UUIDs of dedicated MitID user IDs valid for this business user (own or shared). */
  dedicatedMitIdUuids: string[];
  privileges: Privilege[];
}
