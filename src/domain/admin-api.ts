// Where the admin API lives and what its access tokens carry: shared by the API (admin) and the token issuer (oidc).

/** The admin API's path below PUBLIC_URL; `${PUBLIC_URL}${ADMIN_API_PATH}` is its resource indicator (RFC 8707). */
export const ADMIN_API_PATH = '/admin/api/v1';

/** The scope of admin API access tokens. */
export const ADMIN_API_SCOPE = 'admin';

/**
 * The claim of an admin API access token naming the business user behind it: the token's `sub` is pairwise and
 * cannot be mapped back. Only tokens for the admin API carry it, and roles are still read from the directory.
 */
export const ADMIN_BUSINESS_USER_CLAIM = 'kontekst_business_user';

/**
 * The client id of the admin pages (the first-party console business users administer through). Removing an
 * administrator role ends that client's part of the user's sessions; their logins at other relying parties stay.
 */
export const ADMIN_CONSOLE_CLIENT_ID = 'kontekst-admin-console';
