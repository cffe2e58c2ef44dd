/** Annotations this module sets on the entities it emits, as the official github-org module names them. */
export const ANNOTATION_GITHUB_USER_LOGIN = 'github.com/user-login';
export const ANNOTATION_GITHUB_USER_ID = 'github.com/user-id';
/** `<org>/<team slug>`, as the official module writes it. */
export const ANNOTATION_GITHUB_TEAM_SLUG = 'github.com/team-slug';
export const ANNOTATION_EDIT_URL = 'backstage.io/edit-url';
