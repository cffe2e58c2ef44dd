import type { MicrosoftGraph } from '../../transform/types';
import type { GroupWithMembers } from '../readGroups';
import { graphUserOf, groupEntryOf, type MsGraphRecordReader } from '../toRecords';
import type { DeltaItem } from './deltaRound';

/** The object without OData annotations (`@odata.type`, `members@delta`, `@removed`). */
function properties(item: DeltaItem): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !key.includes('@')));
}

/**
 * A list read with `$select` gives every selected property, null when unset;
 * delta leaves out properties never set. A new object starts from those nulls
 * so that it looks as the list would have shown it.
 */
function selectedNulls(select: string[] | undefined): Record<string, unknown> {
  return Object.fromEntries((select ?? []).filter(p => p.toLowerCase() !== 'members').map(p => [p, null]));
}

const idsOf = (items: DeltaItem[]) => [...new Set(items.map(item => item.id).filter((id): id is string => typeof id === 'string'))];

/**
 * Users delta objects applied in the order Graph sent them, on top of the
 * stored users: removed users are deleted, changed ones take the properties
 * sent (Graph may send only the changed ones), new ones start from nulls.
 */
export async function userChanges(
  records: MsGraphRecordReader,
  items: DeltaItem[],
  select: string[],
): Promise<{ changed: Map<string, MicrosoftGraph.User>; deleted: Set<string> }> {
  const stored = await records.users(idsOf(items));
  const changed = new Map<string, MicrosoftGraph.User>();
  const deleted = new Set<string>();
  for (const item of items) {
    if (typeof item.id !== 'string') continue;
    if (item['@removed']) {
      changed.delete(item.id);
      deleted.add(item.id);
      continue;
    }
    const record = stored.get(item.id);
    const before = changed.get(item.id) ?? (record && !deleted.has(item.id) ? graphUserOf(record) : selectedNulls(select));
    changed.set(item.id, { ...before, ...properties(item) } as MicrosoftGraph.User);
    deleted.delete(item.id);
  }
  return { changed, deleted };
}

/**
 * Groups delta objects applied in order on top of the stored groups: removed
 * groups are deleted, changed properties are taken, and `members@delta` adds
 * and removes direct members. A big group can come in several objects, each
 * with part of its member changes, so members are always applied as changes.
 */
export async function groupChanges(
  records: MsGraphRecordReader,
  items: DeltaItem[],
  select: string[] | undefined,
): Promise<{ changed: Map<string, GroupWithMembers>; deleted: Set<string> }> {
  const stored = await records.groups(idsOf(items));
  const changed = new Map<string, GroupWithMembers>();
  const deleted = new Set<string>();
  for (const item of items) {
    if (typeof item.id !== 'string') continue;
    if (item['@removed']) {
      changed.delete(item.id);
      deleted.add(item.id);
      continue;
    }
    const record = stored.get(item.id);
    const before = changed.get(item.id) ?? (record && !deleted.has(item.id) ? groupEntryOf(record) : undefined);
    const userIds = new Set(before?.userIds);
    const groupIds = new Set(before?.groupIds);
    for (const member of item['members@delta'] ?? []) {
      if (typeof member?.id !== 'string') continue;
      if (member['@removed']) {
        userIds.delete(member.id);
        groupIds.delete(member.id);
      } else if (member['@odata.type'] === '#microsoft.graph.user') userIds.add(member.id);
      else if (member['@odata.type'] === '#microsoft.graph.group') groupIds.add(member.id);
    }
    const group = { ...(before?.group ?? selectedNulls(select)), ...properties(item) } as MicrosoftGraph.Group;
    changed.set(item.id, { group, userIds: [...userIds], groupIds: [...groupIds] });
    deleted.delete(item.id);
  }
  return { changed, deleted };
}
