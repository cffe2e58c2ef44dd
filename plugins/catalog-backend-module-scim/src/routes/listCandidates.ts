import { USER_SCHEMA, GROUP_SCHEMA, type Filter, type JsonObject, type ResourceTypeDefinition } from '../protocol';
import type { ScimResourceStore } from '../store/ScimResourceStore';

/**
 * The stored resources a list request's filter can match. The lookups IdPs make before every create
 * (`userName eq "…"`, a group's `displayName eq "…"`, `id eq "…"`) read one row by its index instead of every
 * resource; any other filter reads them all. The caller still applies the filter to what this returns.
 */
export async function listCandidates(store: ScimResourceStore, type: ResourceTypeDefinition, filter: Filter | undefined): Promise<JsonObject[]> {
  const lookup = filter && indexedLookup(filter, type);
  if (!lookup) return store.list(type.name);
  const found = lookup.by === 'id' ? await store.get(type.name, lookup.value) : await store.findByUniqueName(type.name, lookup.value);
  return found ? [found] : [];
}

function indexedLookup(filter: Filter, type: ResourceTypeDefinition): { by: 'id' | 'uniqueName'; value: string } | undefined {
  if (filter.kind !== 'compare' || filter.operator !== 'eq' || typeof filter.value !== 'string' || filter.path.subAttribute !== undefined) return undefined;
  const coreSchema = type.name === 'User' ? USER_SCHEMA : GROUP_SCHEMA;
  if (filter.path.schema !== undefined && filter.path.schema.toLowerCase() !== coreSchema.toLowerCase()) return undefined;
  const attribute = filter.path.attribute.toLowerCase();
  if (attribute === 'id') return { by: 'id', value: filter.value };
  const uniqueAttribute = type.name === 'User' ? 'username' : 'displayname';
  return attribute === uniqueAttribute ? { by: 'uniqueName', value: filter.value } : undefined;
}
