/** Annotations this module sets on the entities it emits, as the official github-org module names them. @public */
export const ANNOTATION_GITHUB_USER_LOGIN = 'github.com/user-login';
/** @public */
export const ANNOTATION_GITHUB_USER_ID = 'github.com/user-id';
/** `<org>/<team slug>`, as the official module writes it. @public */
export const ANNOTATION_GITHUB_TEAM_SLUG = 'github.com/team-slug';
/** @public */
export const ANNOTATION_EDIT_URL = 'backstage.io/edit-url';
