/** The SCIM resource's `id` (this service provider's, stable): on Users and Groups. @public */
export const ANNOTATION_SCIM_ID = 'scim.orgsync.dev/id';
/** The IdP's own id for the resource (`externalId`: Entra ID's objectId, Okta's user id), when it sent one. @public */
export const ANNOTATION_SCIM_EXTERNAL_ID = 'scim.orgsync.dev/external-id';
/** The user's `userName` (usually the sign-in name or UPN): for sign-in resolvers. @public */
export const ANNOTATION_SCIM_USER_NAME = 'scim.orgsync.dev/user-name';
