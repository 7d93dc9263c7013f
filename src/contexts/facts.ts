// The directory facts the context rules decide on: candidate business users of one login and their organisations.
import type { BusinessUser, Organisation } from '../domain/directory.ts';

/**
 * What the directory knows that is relevant to one MitID login. The rules never trust that every
 * business user here belongs to the login: they re-check the link (CPR or dedicated user ID) themselves.
 */
export interface DirectoryFacts {
  businessUsers: BusinessUser[];
  organisations: Organisation[];
}
