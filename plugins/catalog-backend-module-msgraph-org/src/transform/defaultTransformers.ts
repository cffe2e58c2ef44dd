import type { GroupEntity, UserEntity } from '@backstage/catalog-model';
import type { MicrosoftGraph } from './types';
import {
  MICROSOFT_EMAIL_ANNOTATION,
  MICROSOFT_GRAPH_GROUP_ID_ANNOTATION,
  MICROSOFT_GRAPH_TENANT_ID_ANNOTATION,
  MICROSOFT_GRAPH_USER_ID_ANNOTATION,
} from '../annotations';
import { normalizeEntityName } from './normalizeEntityName';

// The official module's default transformers, reproduced so that entities match it exactly.

/** A non-empty string (Graph serves strings; anything else must not reach an entity). */
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** Security groups are named by display name, others by mail nickname (falling back to display name). */
export function officialGroupName(group: MicrosoftGraph.Group): string | undefined {
  const raw = group.securityEnabled ? group.displayName : group.mailNickname || group.displayName;
  return raw ? normalizeEntityName(raw) : undefined;
}

/** Users are named by mail, else by user principal name. */
export function officialUserName(user: MicrosoftGraph.User): string | undefined {
  const raw = user.mail || user.userPrincipalName;
  return raw ? normalizeEntityName(raw) : undefined;
}

/** @public */
export async function defaultOrganizationTransformer(organization: MicrosoftGraph.Organization): Promise<GroupEntity | undefined> {
  if (!organization.id || !organization.displayName) return undefined;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: normalizeEntityName(organization.displayName),
      description: organization.displayName,
      annotations: { [MICROSOFT_GRAPH_TENANT_ID_ANNOTATION]: organization.id },
    },
    spec: { type: 'root', profile: { displayName: organization.displayName }, children: [] },
  };
}

/** @public */
export async function defaultGroupTransformer(group: MicrosoftGraph.Group, groupPhoto?: string): Promise<GroupEntity | undefined> {
  // A display name that is not a string cannot be a profile field: left out, as a missing one is.
  if (!group.id || !isText(group.displayName)) return undefined;
  const entity: GroupEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: officialGroupName(group)!, annotations: { [MICROSOFT_GRAPH_GROUP_ID_ANNOTATION]: group.id } },
    spec: { type: 'team', profile: {}, children: [] },
  };
  if (isText(group.description)) entity.metadata.description = group.description;
  if (group.displayName) entity.spec.profile!.displayName = group.displayName;
  if (isText(group.mail)) entity.spec.profile!.email = group.mail;
  if (groupPhoto) entity.spec.profile!.picture = groupPhoto;
  return entity;
}

/** @public */
export async function defaultUserTransformer(user: MicrosoftGraph.User, userPhoto?: string): Promise<UserEntity | undefined> {
  if (!user.id || !isText(user.displayName)) return undefined;
  const entity: UserEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: officialUserName(user) ?? user.id, annotations: { [MICROSOFT_GRAPH_USER_ID_ANNOTATION]: user.id } },
    spec: { profile: { displayName: user.displayName }, memberOf: [] },
  };
  if (isText(user.mail)) {
    entity.metadata.annotations![MICROSOFT_EMAIL_ANNOTATION] = user.mail;
    entity.spec.profile!.email = user.mail;
  }
  if (userPhoto) entity.spec.profile!.picture = userPhoto;
  return entity;
}
