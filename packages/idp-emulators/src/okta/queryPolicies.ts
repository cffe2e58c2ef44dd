import type { FilterOperator, FilterPolicy } from './filter';

const ORDERING: FilterOperator[] = ['eq', 'gt', 'ge', 'lt', 'le'];
const USER_FILTER_PROFILE = new Set(['profile.login', 'profile.email', 'profile.firstName', 'profile.lastName']);
const USER_TIMESTAMPS = new Set(['created', 'activated', 'statusChanged', 'lastLogin', 'lastUpdated', 'passwordChanged']);

/** `GET /api/v1/users?filter=`: the documented short list. */
export const userFilterPolicy: FilterPolicy = (attribute, operator) => {
  if (attribute === 'status' || attribute === 'id' || attribute === 'type.id') return operator === 'eq';
  if (attribute === 'lastUpdated') return ORDERING.includes(operator);
  return USER_FILTER_PROFILE.has(attribute) && operator === 'eq';
};

/** `GET /api/v1/users?search=`: any profile attribute and the top-level properties. */
export const userSearchPolicy: FilterPolicy = (attribute, operator) => {
  if (operator === 'ew') return false;
  if (attribute.startsWith('profile.')) return true;
  if (USER_TIMESTAMPS.has(attribute)) return [...ORDERING, 'ne', 'pr'].includes(operator);
  if (attribute === 'status' || attribute === 'id' || attribute === 'type.id') return ['eq', 'ne', 'sw', 'pr'].includes(operator);
  return false;
};

/** `GET /api/v1/groups?filter=`. */
export const groupFilterPolicy: FilterPolicy = (attribute, operator) => {
  if (attribute === 'type' || attribute === 'id') return operator === 'eq';
  if (attribute === 'lastUpdated' || attribute === 'lastMembershipUpdated') return ORDERING.includes(operator);
  return false;
};

/** `GET /api/v1/groups?search=`: profile attributes (co only on name and description) and the top-level properties. */
export const groupSearchPolicy: FilterPolicy = (attribute, operator) => {
  if (operator === 'ew') return false;
  if (operator === 'co') return attribute === 'profile.name' || attribute === 'profile.description';
  if (attribute.startsWith('profile.')) return true;
  if (['created', 'lastUpdated', 'lastMembershipUpdated'].includes(attribute)) return [...ORDERING, 'ne', 'pr'].includes(operator);
  if (attribute === 'type' || attribute === 'id') return ['eq', 'ne', 'sw'].includes(operator);
  return false;
};
