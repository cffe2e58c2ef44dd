import { isJsonObject, type JsonObject } from '../protocol';
import type { ScimResourceStore } from '../store/ScimResourceStore';

/**
 * Takes a deleted user or group out of the `members` of every group that lists it (a deleted resource is no
 * member of anything), and returns the ids of the groups changed, for the engine to re-read.
 */
export async function dropMemberEverywhere(store: ScimResourceStore, id: string): Promise<string[]> {
  const changed: string[] = [];
  for (const group of await store.groupsMentioning(id)) {
    const members = Array.isArray(group.members) ? group.members : [];
    const kept = members.filter(member => !(isJsonObject(member) && member.value === id));
    if (kept.length === members.length || typeof group.id !== 'string') continue;
    const resource: JsonObject = { ...group, members: kept, meta: { ...(isJsonObject(group.meta) ? group.meta : {}), lastModified: new Date().toISOString() } };
    if (kept.length === 0) delete resource.members;
    const displayName = typeof group.displayName === 'string' ? group.displayName : '';
    if (await store.replace('Group', { id: group.id, uniqueName: displayName, resource })) changed.push(group.id);
  }
  return changed;
}
