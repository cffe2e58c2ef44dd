import type { OrgDelta, OrgGroupRecord, OrgReadResult, OrgRecordReader, OrgSnapshot, OrgUserRecord } from '@orgsync/plugin-catalog-org-sync-node';
import type { MicrosoftGraphProviderConfig } from '../config';
import {
  MICROSOFT_EMAIL_ANNOTATION,
  MICROSOFT_GRAPH_GROUP_ID_ANNOTATION,
  MICROSOFT_GRAPH_TENANT_ID_ANNOTATION,
  MICROSOFT_GRAPH_USER_ID_ANNOTATION,
} from '../annotations';
import type { MicrosoftGraph } from '../transform/types';
import type { GroupWithMembers } from './readGroups';

/** A user record carrying its Graph user as `raw`. */
export type MsGraphUserRecord = OrgUserRecord<MicrosoftGraph.User>;
/** A group record carrying its Graph group (or, for the tenant root, the organization) as `raw`. */
export type MsGraphGroupRecord = OrgGroupRecord<MsGraphRawGroup>;
/** What a group record carries as `raw`: a Graph group, or the organization for the tenant root. @public */
export type MsGraphRawGroup = MicrosoftGraph.Group | MicrosoftGraph.Organization;
/** The engine's types as this module's source fills them (`OrgSource<MicrosoftGraph.User, MsGraphRawGroup>`). */
export type MsGraphRecordReader = OrgRecordReader<MicrosoftGraph.User, MsGraphRawGroup>;
export type MsGraphOrgDelta = OrgDelta<MicrosoftGraph.User, MsGraphRawGroup>;
export type MsGraphReadResult = OrgReadResult<MicrosoftGraph.User, MsGraphRawGroup>;
export type MsGraphSnapshot = OrgSnapshot<MicrosoftGraph.User, MsGraphRawGroup>;

/** `type` of the tenant root group; no Graph group gets it (the engine's `groupType` fills only missing types). */
export const ROOT_GROUP_TYPE = 'root';

/**
 * The Graph object as a record keeps it: its properties without OData
 * annotations (`@odata.type` in member listings), the same whichever way it
 * was read. Copied only when it has some.
 */
export function graphObject<T extends object>(object: T): T {
  const keys = Object.keys(object);
  if (!keys.some(key => key.includes('@'))) return object;
  return Object.fromEntries(Object.entries(object).filter(([key]) => !key.includes('@'))) as T;
}

export function toUserRecord(user: MicrosoftGraph.User, config: MicrosoftGraphProviderConfig, photo: string | undefined): MsGraphUserRecord {
  const enabled = user.accountEnabled !== false || config.includeDisabled;
  const wanted = config.includeGuests || user.userType !== 'Guest';
  return {
    id: user.id!,
    login: user.userPrincipalName ?? undefined,
    email: user.mail ?? undefined,
    displayName: user.displayName ?? undefined,
    givenName: user.givenName ?? undefined,
    familyName: user.surname ?? undefined,
    picture: photo,
    active: enabled && wanted,
    // Shown on a departed entity (leavers.mode: retain).
    inactiveReason: !enabled ? 'accountEnabled: false' : !wanted ? 'userType: Guest (includeGuests is off)' : undefined,
    annotations: {
      [MICROSOFT_GRAPH_USER_ID_ANNOTATION]: user.id!,
      ...(user.mail ? { [MICROSOFT_EMAIL_ANNOTATION]: user.mail } : {}),
    },
    ...(user.employeeId ? { employeeId: user.employeeId } : {}),
    identityClaims: { verifiedEmails: verifiedEmailsOf(user, config), where: `Entra ID tenant ${config.tenantId}` },
    raw: graphObject(user),
  };
}

/**
 * The addresses that match the user to a person when this tenant is a linked source (linkTo), trusted like verified
 * emails because the tenant's administrators set them: UPN and mail. A guest's mail (and otherMails, never used) is the
 * address whoever invited them typed, so it matches only with `linkGuestsByMail`.
 */
function verifiedEmailsOf(user: MicrosoftGraph.User, config: MicrosoftGraphProviderConfig): string[] {
  const mailTrusted = user.userType !== 'Guest' || config.linkGuestsByMail;
  return [mailTrusted ? user.mail : undefined, user.userPrincipalName].filter((v): v is string => !!v);
}

export function toGroupRecord(entry: GroupWithMembers, parentIds: string[]): MsGraphGroupRecord {
  const { group } = entry;
  return {
    id: group.id!,
    name: (group.securityEnabled ? group.displayName : group.mailNickname || group.displayName) ?? undefined,
    displayName: group.displayName ?? undefined,
    description: group.description ?? undefined,
    email: group.mail ?? undefined,
    parentIds,
    memberUserIds: entry.userIds,
    memberGroupIds: entry.groupIds,
    annotations: { [MICROSOFT_GRAPH_GROUP_ID_ANNOTATION]: group.id! },
    raw: graphObject(group),
  };
}

/** The tenant root group: parent of every group that no read group contains. */
export function toRootRecord(organization: MicrosoftGraph.Organization): MsGraphGroupRecord {
  return {
    id: organization.id!,
    name: organization.displayName ?? undefined,
    displayName: organization.displayName ?? undefined,
    description: organization.displayName ?? undefined,
    type: ROOT_GROUP_TYPE,
    annotations: { [MICROSOFT_GRAPH_TENANT_ID_ANNOTATION]: organization.id! },
    raw: graphObject(organization),
  };
}

export function isRootRecord(record: OrgGroupRecord): boolean {
  return record.type === ROOT_GROUP_TYPE && !!record.annotations?.[MICROSOFT_GRAPH_TENANT_ID_ANNOTATION];
}

/** The Graph object of a record of this module; a record without one (not written by this module) is an error naming it. */
function rawOf<T>(record: OrgUserRecord | OrgGroupRecord, kind: string): T {
  const raw = record.raw as { id?: unknown } | undefined;
  if (!raw || typeof raw !== 'object' || raw.id !== record.id) {
    throw new Error(`The ${kind} record ${record.id} carries no Microsoft Graph object (raw); it was not read by this module`);
  }
  return raw as T;
}

export const graphUserOf = (record: OrgUserRecord): MicrosoftGraph.User => rawOf<MicrosoftGraph.User>(record, 'user');

/** The Graph object of a group record: the organization for the tenant root, else the group. */
export function graphGroupOf(
  record: OrgGroupRecord,
): { kind: 'organization'; organization: MicrosoftGraph.Organization } | { kind: 'group'; group: MicrosoftGraph.Group } {
  return isRootRecord(record)
    ? { kind: 'organization', organization: rawOf<MicrosoftGraph.Organization>(record, 'tenant root group') }
    : { kind: 'group', group: rawOf<MicrosoftGraph.Group>(record, 'group') };
}

/** A stored group record back as the group and its members, as a read gives them. */
export function groupEntryOf(record: OrgGroupRecord): GroupWithMembers {
  return { group: rawOf<MicrosoftGraph.Group>(record, 'group'), userIds: [...(record.memberUserIds ?? [])], groupIds: [...(record.memberGroupIds ?? [])] };
}
