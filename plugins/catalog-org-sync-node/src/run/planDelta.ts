import { defaultChangeOptions } from '../config/changes';
import type { GuardDecision } from '../guard/deletionGuard';
import { defaultLeaverOptions } from '../leavers/leaverOptions';
import type { Retained } from '../leavers/planDepartures';
import type { LinkPlan } from '../linking/AccountLinker';
import type { OrgDelta } from '../records';
import type { HeldEntity } from '../state/catalogHoldings';
import type { AppliedState } from '../state/ProviderStateStore';
import type { ApplyPlan, Cursor } from './plan';
import { driftAgainstStore, type StoreDrift } from './catalogChecks';
import { departuresInDelta, expiredDepartures, keepRetainedRows } from './departures';
import { entityHash } from './entityHash';
import { linkedMapping, planLinks } from './links';
import { removalReasons } from './removals';
import { mapDelta, type DeltaMapping } from './mapDelta';
import type { ProviderContext } from './ProviderContext';
import type { RunReport } from './RunReport';
import type { RunResult } from './runResult';

/**
 * A delta: only the touched records are re-mapped, only entities that differ are applied. `held` (what the catalog
 * holds, when it can be told) adds what it lost or holds differently. Ends the run when accounts cannot be linked.
 */
export async function planDelta(
  provider: ProviderContext,
  report: RunReport,
  delta: OrgDelta,
  run: { previous: AppliedState; cursor?: Cursor; held?: Map<string, HeldEntity> },
): Promise<ApplyPlan | RunResult> {
  const check = run.held && driftAgainstStore(provider, report, run.previous, run.held);
  const mapping = await report.time('map', async () => {
    const links = await planLinks(provider, linker => linker.planDelta(delta.users.upserted, delta.users.deleted));
    if (links && 'failed' in links) return links;
    const reader = provider.options.stateStore.recordStore(provider.name).reader();
    const mapOptions = { ...provider.options.mapping, ...linkedMapping(provider, links), providerName: provider.name };
    return { links, mapped: await mapDelta(delta, run.previous, reader, mapOptions, check?.restore) };
  });
  if ('failed' in mapping) return mapping.failed(report);
  const { mapped, links } = mapping;
  report.result.links = links?.report;
  report.mapped({ users: mapped.users, groups: mapped.groups, touched: mapped.touched.users + mapped.touched.groups }, mapped.mapped.report);
  // Who leaves with this delta and is kept as departed: a removal for the guard, an entity to apply for the catalog.
  const { retained, left } = await departuresInDelta(provider, delta, run.previous, mapped.removed);
  for (const r of retained) mapped.toApply.push({ ref: r.ref, entity: r.entity, hash: entityHash(r.entity) });
  keepRetainedRows(mapped, retained);
  report.result.counts.departed = retained.filter(r => r.newlyDeparted).length;
  return deltaPlan(provider, report, { mapped, retained, left, check, links, ...run });
}

interface DeltaParts {
  mapped: DeltaMapping;
  retained: Retained[];
  /** Who left with this delta (lower-case ref → why). */
  left: Map<string, string>;
  check?: StoreDrift;
  links?: LinkPlan;
  previous: AppliedState;
  cursor?: Cursor;
}

async function deltaPlan(provider: ProviderContext, report: RunReport, parts: DeltaParts): Promise<ApplyPlan> {
  const { mapped, retained, check, previous } = parts;
  const retainedRefs = new Set(retained.map(r => r.ref));
  const removed = [...new Set([...mapped.removed, ...(check?.stray ?? [])])];
  // Departed entities past leavers.retainFor go with any run, not only with the next list.
  const expired = expiredDepartures(previous, provider.options.leavers ?? defaultLeaverOptions, retainedRefs, mapped);
  const removedFromCatalog = [...new Set([...removed.filter(ref => !retainedRefs.has(ref)), ...expired])];
  if (expired.length) report.departures([], expired);
  const window = await report.time('guard', () => removalWindow(provider, report, parts, removed));
  const hashes = Object.fromEntries(mapped.toApply.map(({ ref, hash }) => [ref, hash]));
  const recordStore = provider.options.stateStore.recordStore(provider.name);
  return {
    guard: { ...window.guard, memberCounts: mapped.memberCounts },
    removed: removedFromCatalog,
    removals: removalReasons(removedFromCatalog, { left: parts.left, expired, stray: check?.stray ?? [] }),
    baseline: previous.entities,
    // A delta reports the departed entities whose time is up as it finds them (above).
    departures: { retained, expired: [] },
    counts: addedAndChanged(mapped, previous, retainedRefs, check),
    restored: [...(check?.restoreRefs ?? [])],
    entities: () => mapped.toApply.map(({ entity }) => entity),
    mutations: locationKey =>
      mapped.toApply.length || removedFromCatalog.length
        ? [
            {
              type: 'delta',
              added: mapped.toApply.map(({ entity }) => ({ entity, locationKey })),
              removed: removedFromCatalog.map(entityRef => ({ entityRef, locationKey })),
            },
          ]
        : [],
    applied: { refs: mapped.toApply.map(({ ref }) => ref), hashes },
    records: {
      afterApply: async refused => {
        for (const row of mapped.rows) if (row.entityRef && refused.includes(row.entityRef.toLowerCase())) row.entityHash = undefined;
        await recordStore.update(mapped.rows, mapped.deletedRows);
      },
    },
    settle: window.settle,
    links: parts.links,
    cursor: parts.cursor,
  };
}

/**
 * What the guard compares for a delta. Change runs count removals over the rolling window (a burst of events is
 * held like a list that removes too much); a scheduled delta read is judged on its own, like a list. Earlier
 * removals count only when this delta removes too: a delta that removes nothing is never held.
 */
async function removalWindow(
  provider: ProviderContext,
  report: RunReport,
  { mapped, check, previous }: DeltaParts,
  removed: string[],
): Promise<{ guard: Omit<ApplyPlan['guard'], 'memberCounts'>; settle: (decision: GuardDecision) => Promise<void> }> {
  const windowed = report.result.trigger === 'changes';
  const { guardWindowMs } = provider.options.changeOptions ?? defaultChangeOptions;
  const window = provider.options.stateStore.removalWindow(provider.name);
  const removesSomething = removed.length > 0 || Object.entries(mapped.memberCounts.after).some(([ref, n]) => n < (mapped.memberCounts.before[ref] ?? 0));
  const earlier = windowed && removesSomething ? await window.since(Date.now() - guardWindowMs) : [];
  const before = new Set([...Object.keys(previous.entities), ...earlier, ...(check?.stray ?? [])]);
  const gone = new Set([...earlier, ...removed]);
  const subject = windowed ? `these changes (removals within ${Math.round(guardWindowMs / 60_000)} minutes count together)` : 'this run';
  return {
    guard: { before, after: [...before].filter(ref => !gone.has(ref)), subject },
    settle: async decision => {
      // An accepted plan starts a new window: what the operator accepted is not held against the next removal.
      if (decision.accepted) await window.clear();
      else if (windowed) await window.add(removed.filter(ref => !earlier.includes(ref)));
    },
  };
}

function addedAndChanged(mapped: DeltaMapping, previous: AppliedState, retainedRefs: Set<string>, check: StoreDrift | undefined): { added: number; changed: number } {
  const counts = { added: 0, changed: 0 };
  for (const { ref } of mapped.toApply) {
    if (retainedRefs.has(ref)) continue;
    if (!(ref in previous.entities)) counts.added++;
    else if (!check?.restoreRefs.has(ref)) counts.changed++;
  }
  return counts;
}
