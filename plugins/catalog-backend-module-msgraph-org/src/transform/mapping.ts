import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, type Entity, type GroupEntity, type UserEntity } from '@backstage/catalog-model';
import type { GroupTransformer as EngineGroupTransformer, UserTransformer as EngineUserTransformer } from '@orgsync/plugin-catalog-org-sync-node';
import {
  MICROSOFT_GRAPH_GROUP_ID_ANNOTATION,
  MICROSOFT_GRAPH_TENANT_ID_ANNOTATION,
  MICROSOFT_GRAPH_USER_ID_ANNOTATION,
} from '../annotations';
import { defaultGroupTransformer, defaultOrganizationTransformer, defaultUserTransformer } from './defaultTransformers';
import { graphGroupOf, graphUserOf, type MsGraphRawGroup } from '../source/toRecords';
import type { MicrosoftGraph, MicrosoftGraphTransformers } from './types';

/**
 * The official module's `managed-by-location`: `msgraph:<provider id>/<object id>`,
 * one per entity (its entities point at their Graph object).
 */
export function officialLocation(providerId: string, entity: Entity): string {
  const a = entity.metadata.annotations ?? {};
  const uid = a[MICROSOFT_GRAPH_USER_ID_ANNOTATION] || a[MICROSOFT_GRAPH_GROUP_ID_ANNOTATION] || a[MICROSOFT_GRAPH_TENANT_ID_ANNOTATION] || entity.metadata.name;
  return `msgraph:${providerId}/${encodeURIComponent(uid)}`;
}

/**
 * Completes what a transformer returned the way the official module does
 * (its own location annotations win) and puts it in the provider's namespace
 * unless the transformer chose one.
 */
function finish<T extends UserEntity | GroupEntity>(entity: T, base: T, providerId: string): T {
  const location = officialLocation(providerId, entity);
  entity.metadata.namespace ??= base.metadata.namespace;
  entity.metadata.annotations = {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    ...entity.metadata.annotations,
  };
  return entity;
}

/**
 * The engine's transformer hooks, built from the official-style transformers.
 * Without a custom transformer the name is the naming strategy's
 * (`msgraph-default` gives the official name), so `naming.*` applies; a
 * custom transformer's name wins, as it did in the official module.
 */
export function createEntityTransformers(
  providerId: string,
  transformers: MicrosoftGraphTransformers,
): { transformUser: EngineUserTransformer<MicrosoftGraph.User>; transformGroup: EngineGroupTransformer<MsGraphRawGroup> } {
  // Typed with this source's raw objects (MsGraphOrgSource's OrgSource<MicrosoftGraph.User, MsGraphRawGroup>).
  const transformUser: EngineUserTransformer<MicrosoftGraph.User> = async (base, record) => {
    const user = graphUserOf(record);
    const custom = transformers.userTransformer;
    // A custom transformer gets its own copy: what it changes must not reach the stored record the next delta builds on.
    const entity = custom ? await custom(structuredClone(user), record.picture) : await defaultUserTransformer(user, record.picture);
    if (!entity) return undefined;
    if (!custom) entity.metadata.name = base.metadata.name;
    entity.spec.memberOf ??= [];
    return finish(entity, base, providerId);
  };
  const transformGroup: EngineGroupTransformer<MsGraphRawGroup> = async (base, record) => {
    const graph = graphGroupOf(record);
    let entity: GroupEntity | undefined;
    if (graph.kind === 'organization') {
      const custom = transformers.organizationTransformer;
      const { organization } = graph;
      entity = custom ? await custom(structuredClone(organization)) : await defaultOrganizationTransformer(organization);
      if (entity && !custom) entity.metadata.name = base.metadata.name;
    } else {
      const custom = transformers.groupTransformer;
      const { group } = graph;
      entity = custom ? await custom(structuredClone(group)) : await defaultGroupTransformer(group);
      if (entity && !custom) {
        entity.metadata.name = base.metadata.name;
        entity.spec.type = base.spec.type;
      }
    }
    if (!entity) return undefined;
    entity.spec.children ??= [];
    return finish(entity, base, providerId);
  };
  return { transformUser, transformGroup };
}
