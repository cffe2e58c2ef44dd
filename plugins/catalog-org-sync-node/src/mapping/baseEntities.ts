import type { OrgUserRecord } from '../records';
import { rawGroupName, rawUserName } from '../naming/strategies';
import { ANNOTATION_LINKED_TO, ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, compact, type GroupEntity, type UserEntity } from './entities';
import type { MappingInput } from './mappingInput';
import { nameSafely, transformSafely } from './safeHooks';

/**
 * Phase 1 for users: one User per active record with the strategy's name, then the operator's transformer, which
 * may rename or drop it. Linked accounts get none, unless kept as an alias during a migration. Record id → entity.
 */
export async function baseUserEntities(input: MappingInput): Promise<Map<string, UserEntity>> {
  const { options, report, linked } = input;
  const entities = new Map<string, UserEntity>();
  for (const user of input.users) {
    const personRef = linked.get(user.id);
    const alias = personRef && options.keepLinkedUsers;
    if (linked.has(user.id) && !alias) continue;
    const { raw, fellBack } = nameSafely('user', user, u => rawUserName(u, options.userNaming), user.login || user.id, report);
    if (fellBack) report.namingFallbacks.push({ kind: 'user', id: user.id, name: raw });
    const base: UserEntity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: raw, namespace: input.namespace, annotations: annotationsFor(input.location, alias ? { [ANNOTATION_LINKED_TO]: personRef } : user.annotations) },
      spec: {
        profile: compact({ displayName: user.displayName ?? joinName(user), email: user.email, picture: user.picture }),
        memberOf: [],
      },
    };
    // An alias keeps no sign-in annotations, which a transformer could add back.
    const entity = alias ? base : await transformSafely('user', base, user, options.transformUser, report);
    if (entity) entities.set(user.id, entity);
    else report.transformedAway.push({ kind: 'user', id: user.id });
  }
  return entities;
}

/** Phase 1 for groups: one Group per record with the strategy's name, then the operator's transformer. Record id → entity. */
export async function baseGroupEntities(input: MappingInput): Promise<Map<string, GroupEntity>> {
  const { options, report } = input;
  const entities = new Map<string, GroupEntity>();
  for (const group of input.groups) {
    const { raw, fellBack } = nameSafely('group', group, g => rawGroupName(g, options.groupNaming), group.id, report);
    if (fellBack) report.namingFallbacks.push({ kind: 'group', id: group.id, name: raw });
    const base: GroupEntity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: compact({
        name: raw,
        namespace: input.namespace,
        description: group.description,
        annotations: annotationsFor(input.location, group.annotations),
      }),
      spec: {
        type: group.type ?? options.defaultGroupType ?? 'team',
        profile: compact({ displayName: group.displayName ?? group.name, email: group.email, picture: group.picture }),
        children: [],
      },
    };
    const entity = await transformSafely('group', base, group, options.transformGroup, report);
    if (entity) entities.set(group.id, entity);
    else report.transformedAway.push({ kind: 'group', id: group.id });
  }
  return entities;
}

function annotationsFor(location: string, extra: Record<string, string> | undefined): Record<string, string> {
  return { ...(extra ?? {}), [ANNOTATION_LOCATION]: location, [ANNOTATION_ORIGIN_LOCATION]: location };
}

function joinName(user: OrgUserRecord): string | undefined {
  const joined = [user.givenName, user.familyName].filter(Boolean).join(' ');
  return joined || undefined;
}
