/** The IdP's name in provider names (`scim:<id>`) and in the route (`/api/catalog/org-sync/scim/<id>`). @public */
export const SCIM_IDP = 'scim';

/** Users by the part of `userName` before any `@` (IdPs send the UPN or email). @public */
export const DEFAULT_USER_NAMING = 'login-local-part';
/** Groups by their kebab-cased displayName. @public */
export const DEFAULT_GROUP_NAMING = 'kebab-case-name';
/** @public */
export const DEFAULT_GROUP_TYPE = 'team';
