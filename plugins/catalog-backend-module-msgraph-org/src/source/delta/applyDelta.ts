import type { MicrosoftGraph } from '../../transform/types';
import type { TenantState } from '../tenant';
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

/**
 * Applies users delta objects in the order Graph sent them: removed users
 * leave, changed ones take the properties sent (Graph may send only the
 * changed ones), new ones are added. Returns the ids of users that changed
 * or appeared (and are still there).
 */
export function applyUserDelta(state: TenantState, items: DeltaItem[], select: string[]): Set<string> {
  const changed = new Set<string>();
  for (const item of items) {
    if (typeof item.id !== 'string') continue;
    if (item['@removed']) {
      state.users.delete(item.id);
      state.photos.delete(item.id);
      changed.delete(item.id);
      continue;
    }
    const before = state.users.get(item.id) ?? selectedNulls(select);
    state.users.set(item.id, { ...before, ...properties(item) } as MicrosoftGraph.User);
    changed.add(item.id);
  }
  return changed;
}

/**
 * Applies groups delta objects in order: removed groups leave, changed
 * properties are taken, and `members@delta` adds and removes direct members.
 * A big group can come in several objects, each with part of its member
 * changes, so members are always applied as changes, never as the full list.
 */
export function applyGroupDelta(state: TenantState, items: DeltaItem[], select: string[] | undefined): void {
  for (const item of items) {
    if (typeof item.id !== 'string') continue;
    if (item['@removed']) {
      state.groups.delete(item.id);
      continue;
    }
    const before = state.groups.get(item.id);
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
    state.groups.set(item.id, { group, userIds: [...userIds], groupIds: [...groupIds] });
  }
}
