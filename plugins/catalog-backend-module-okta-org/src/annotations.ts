/** Annotations this module sets on the entities it emits. @public */
export const ANNOTATION_OKTA_USER_ID = 'okta.com/user-id';
/** @public */
export const ANNOTATION_OKTA_EMAIL = 'okta.com/email';
/** @public */
export const ANNOTATION_OKTA_LOGIN = 'okta.com/login';
/** @public */
export const ANNOTATION_OKTA_GROUP_ID = 'okta.com/group-id';

/** `okta.com/profile-<attribute>`, with the name part valid for the catalog. @public */
export function profileAnnotationKey(attribute: string): string {
  // The part after `/` must be at most 63 characters with letters or digits at both ends.
  const name = `profile-${attribute.replace(/[^A-Za-z0-9_.-]/g, '-')}`.slice(0, 63).replace(/[^A-Za-z0-9]+$/, '');
  return `okta.com/${name}`;
}
