import type { OrgGroupRecord } from '../records';

/** @public */
export interface HierarchyReport {
  /** Child id → parents that were dropped because the catalog allows one parent. */
  extraParents: Array<{ groupId: string; kept: string; dropped: string[] }>;
  /** Groups whose parent link was cut to break a cycle. */
  brokenCycles: Array<{ groupId: string; cycle: string[] }>;
  /** References to groups that are not in the snapshot. */
  unknownGroupRefs: Array<{ groupId: string; ref: string }>;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Resolves each group's single parent from both directions (a child's
 * `parentIds` and a parent's `memberGroupIds`), deterministically: among
 * several parents the smallest id wins; a cycle is broken by cutting the
 * parent link of its smallest-id member.
 *
 * @public
 */
export function resolveHierarchy(groups: readonly OrgGroupRecord[]): { parentOf: Map<string, string>; report: HierarchyReport } {
  const known = new Set(groups.map(g => g.id));
  const candidates = new Map<string, Set<string>>();
  const report: HierarchyReport = { extraParents: [], brokenCycles: [], unknownGroupRefs: [] };
  const link = (child: string, parent: string, from: string, ref: string) => {
    if (child === parent) return;
    if (!known.has(ref)) {
      report.unknownGroupRefs.push({ groupId: from, ref });
      return;
    }
    let set = candidates.get(child);
    if (!set) candidates.set(child, (set = new Set()));
    set.add(parent);
  };
  for (const group of groups) {
    for (const parent of group.parentIds ?? []) link(group.id, parent, group.id, parent);
    for (const child of group.memberGroupIds ?? []) link(child, group.id, group.id, child);
  }

  const parentOf = new Map<string, string>();
  for (const child of [...candidates.keys()].sort(byId)) {
    const [kept, ...dropped] = [...candidates.get(child)!].sort(byId);
    parentOf.set(child, kept);
    if (dropped.length) report.extraParents.push({ groupId: child, kept, dropped });
  }

  for (const start of [...parentOf.keys()].sort(byId)) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let node: string | undefined = start;
    while (node !== undefined && !onPath.has(node)) {
      onPath.add(node);
      path.push(node);
      node = parentOf.get(node);
    }
    if (node === undefined) continue;
    const cycle = path.slice(path.indexOf(node)).sort(byId);
    parentOf.delete(cycle[0]);
    report.brokenCycles.push({ groupId: cycle[0], cycle });
  }
  return { parentOf, report };
}

/** Ancestors of a group, nearest first. The hierarchy is acyclic. @public */
export function ancestorsOf(groupId: string, parentOf: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (let p = parentOf.get(groupId); p !== undefined; p = parentOf.get(p)) out.push(p);
  return out;
}
