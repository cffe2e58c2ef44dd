import type { OrgGroupRecord, OrgUserRecord } from '@orgsync/plugin-catalog-org-sync-node';
import type { MicrosoftGraphProviderConfig } from '../config';
import {
  MICROSOFT_EMAIL_ANNOTATION,
  MICROSOFT_GRAPH_GROUP_ID_ANNOTATION,
  MICROSOFT_GRAPH_TENANT_ID_ANNOTATION,
  MICROSOFT_GRAPH_USER_ID_ANNOTATION,
} from '../transform/annotations';
import type { MicrosoftGraph } from '../transform/types';
import type { GroupWithMembers } from './readGroups';

/** Records keep the Graph object in `attributes.graph` for the official-style transformers. */
export function toUserRecord(user: MicrosoftGraph.User, config: MicrosoftGraphProviderConfig, photo: string | undefined): OrgUserRecord {
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
    annotations: {
      [MICROSOFT_GRAPH_USER_ID_ANNOTATION]: user.id!,
      ...(user.mail ? { [MICROSOFT_EMAIL_ANNOTATION]: user.mail } : {}),
    },
    attributes: { kind: 'user', graph: user },
  };
}

export function toGroupRecord(entry: GroupWithMembers, parentIds: string[]): OrgGroupRecord {
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
    attributes: { kind: 'group', graph: group },
  };
}

/** The tenant root group: parent of every group that no read group contains. */
export function toRootRecord(organization: MicrosoftGraph.Organization): OrgGroupRecord {
  return {
    id: organization.id!,
    name: organization.displayName ?? undefined,
    displayName: organization.displayName ?? undefined,
    description: organization.displayName ?? undefined,
    type: 'root',
    annotations: { [MICROSOFT_GRAPH_TENANT_ID_ANNOTATION]: organization.id! },
    attributes: { kind: 'organization', graph: organization },
  };
}
