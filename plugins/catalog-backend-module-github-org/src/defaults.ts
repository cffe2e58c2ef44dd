/** The IdP's name in provider names (`github:<id>`) and change routes. @alpha */
export const GITHUB_IDP = 'github';

/** The official module names users by login and groups by team slug. @alpha */
export const DEFAULT_USER_NAMING = 'login';
/** @alpha */
export const DEFAULT_GROUP_NAMING = 'name';
/** @alpha */
export const DEFAULT_GROUP_TYPE = 'team';
