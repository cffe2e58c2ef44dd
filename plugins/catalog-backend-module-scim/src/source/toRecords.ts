import type { OrgGroupRecord, OrgUserRecord } from '@orgsync/plugin-catalog-org-sync-node';
import { ENTERPRISE_USER_SCHEMA, isJsonObject, type JsonObject, type JsonValue } from '../protocol';
import { ANNOTATION_SCIM_EXTERNAL_ID, ANNOTATION_SCIM_ID, ANNOTATION_SCIM_USER_NAME } from '../annotations';

export type ScimUserRecord = OrgUserRecord<JsonObject>;
export type ScimGroupRecord = OrgGroupRecord<JsonObject>;

/** A stored SCIM User as the engine's record: `active: false` makes it a leaver, as `leavers.mode` says. */
export function userRecordOf(user: JsonObject): ScimUserRecord {
  const id = text(user.id) ?? '';
  const userName = text(user.userName);
  const name = isJsonObject(user.name) ? user.name : {};
  const enterprise = isJsonObject(user[ENTERPRISE_USER_SCHEMA]) ? user[ENTERPRISE_USER_SCHEMA] : {};
  const manager = isJsonObject(enterprise.manager) ? text(enterprise.manager.value) : undefined;
  const active = user.active !== false;
  return {
    id,
    login: userName,
    email: preferredValue(user.emails),
    displayName: text(user.displayName) ?? text(name.formatted),
    givenName: text(name.givenName),
    familyName: text(name.familyName),
    picture: preferredValue(user.photos),
    active,
    ...(active ? {} : { inactiveReason: 'active: false (deprovisioned by the identity provider)' }),
    ...(text(enterprise.employeeNumber) ? { employeeId: text(enterprise.employeeNumber) } : {}),
    annotations: annotationsOf(user, userName),
    attributes: { ...(text(enterprise.department) ? { department: text(enterprise.department) } : {}), ...(manager ? { managerId: manager } : {}) },
    raw: user,
  };
}

/** A stored SCIM Group as the engine's record; a member is a user unless `isGroup` says it is one of this provider's groups. */
export function groupRecordOf(group: JsonObject, isGroup: (id: string) => boolean): ScimGroupRecord {
  const members = memberIds(group);
  return {
    id: text(group.id) ?? '',
    name: text(group.displayName),
    displayName: text(group.displayName),
    memberUserIds: members.filter(id => !isGroup(id)),
    memberGroupIds: members.filter(isGroup),
    annotations: annotationsOf(group, undefined),
    raw: group,
  };
}

/** The ids a group's `members` name. */
export function memberIds(group: JsonObject): string[] {
  const members = Array.isArray(group.members) ? group.members : [];
  return members.flatMap(member => (isJsonObject(member) && typeof member.value === 'string' ? [member.value] : []));
}

function annotationsOf(resource: JsonObject, userName: string | undefined): Record<string, string> {
  const externalId = text(resource.externalId);
  return {
    [ANNOTATION_SCIM_ID]: text(resource.id) ?? '',
    ...(externalId ? { [ANNOTATION_SCIM_EXTERNAL_ID]: externalId } : {}),
    ...(userName ? { [ANNOTATION_SCIM_USER_NAME]: userName } : {}),
  };
}

/** The `value` of the primary entry of a multi-valued attribute (emails, photos), else of the first. */
function preferredValue(values: JsonValue | undefined): string | undefined {
  if (!Array.isArray(values)) return undefined;
  const entries = values.filter(isJsonObject);
  const chosen = entries.find(entry => entry.primary === true) ?? entries[0];
  return chosen ? text(chosen.value) : undefined;
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}
