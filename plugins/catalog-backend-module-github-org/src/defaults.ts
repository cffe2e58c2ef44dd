/** The IdP's name in provider names (`github:<id>`) and change routes. */
export const GITHUB_IDP = 'github';

/** The official module names users by login and groups by team slug. */
export const DEFAULT_USER_NAMING = 'login';
export const DEFAULT_GROUP_NAMING = 'name';
export const DEFAULT_GROUP_TYPE = 'team';
