/** The official module names users by login and groups by team slug. */
export const DEFAULT_USER_NAMING = 'login';
export const DEFAULT_GROUP_NAMING = 'name';
export const DEFAULT_GROUP_TYPE = 'team';

export const ANNOTATION_GITHUB_USER_LOGIN = 'github.com/user-login';
export const ANNOTATION_GITHUB_USER_ID = 'github.com/user-id';
/** `<org>/<team slug>`, as the official module writes it. */
export const ANNOTATION_GITHUB_TEAM_SLUG = 'github.com/team-slug';
export const ANNOTATION_EDIT_URL = 'backstage.io/edit-url';
