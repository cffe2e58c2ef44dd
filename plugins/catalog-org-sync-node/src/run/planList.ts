import type { Entity } from '@backstage/catalog-model';
import type { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import type { DeparturePlan } from '../leavers/planDepartures';
import type { LinkPlan } from '../linking/AccountLinker';
import { mapSnapshot, type MappedOrg } from '../mapping/mapSnapshot';
import type { OrgSnapshot } from '../records';
import type { AppliedState } from '../state/ProviderStateStore';
import type { RecordRow } from '../state/RecordStore';
import type { ApplyPlan, Cursor } from './plan';
import { catalogDrift, type CatalogDrift } from './catalogDrift';
import { catalogHoldings } from './catalogChecks';
import { departuresInList, reservedNames } from './departures';
import { EntityList } from './entityList';
import { linkedMapping, planLinks } from './links';
import { listRows, serializeRecords, withRetained, type SerializedRecords } from './listRows';
import type { ProviderContext } from './ProviderContext';
import { removalReasons } from './removals';
import type { RunReport } from './RunReport';
import type { RunResult } from './runResult';

/** Entities per catalog mutation when a list is applied as deltas. */
const APPLY_SLICE = 2000;

/** A list read, held so that its records can be let go once they are serialized. */
export interface ListHolder {
  snapshot?: OrgSnapshot;
}

/**
 * A list: the whole org is mapped; removals are what the store held and the list no longer has. Ends the run
 * (answers its result) when the accounts cannot be linked.
 */
export async function planList(provider: ProviderContext, report: RunReport, list: ListHolder, previous: AppliedState | undefined, cursor: Cursor): Promise<ApplyPlan | RunResult> {
  const mapping = await report.time('map', () => mapList(provider, list.snapshot!, previous));
  if ('failed' in mapping) return mapping.failed(report);
  const { departures, links } = mapping;
  const recordRefs = mapping.org!.refs;
  report.mapped({ users: mapping.org!.users.length, groups: mapping.org!.groups.length }, mapping.org!.report);
  report.result.counts.departed = departures.retained.filter(r => r.newlyDeparted).length;
  report.result.links = links?.report;
  // From here on the run holds the org as JSON (records as they will be stored, entities as they are hashed), not
  // as objects: at 50,000 people the objects cost several times as much, and the catalog's apply comes on top.
  const emitted = await report.time('check', async () => {
    const records = serializeRecords(list.snapshot!);
    list.snapshot = undefined;
    const entities = emittedEntities(mapping.org!, departures);
    mapping.org = undefined;
    return { ...entities, records, held: await catalogHoldings(provider) };
  });
  return listPlan(provider, { ...emitted, recordRefs, departures, links, previous, cursor, startedAt: report.result.startedAt });
}

/** A list's departures and links, and its mapped org (let go once its entities are kept as JSON). */
interface MappedList {
  org?: MappedOrg;
  departures: DeparturePlan;
  links?: LinkPlan;
}

/** Departures, links and the mapped org of a list. */
async function mapList(
  provider: ProviderContext,
  snapshot: OrgSnapshot,
  previous: AppliedState | undefined,
): Promise<MappedList | { failed: (report: RunReport) => Promise<RunResult> }> {
  const departures = await departuresInList(provider, snapshot, previous);
  const links = await planLinks(provider, linker => linker.planList(snapshot.users ?? []));
  if (links && 'failed' in links) return links;
  const mapped = await mapSnapshot(snapshot, {
    ...provider.options.mapping,
    ...linkedMapping(provider, links),
    providerName: provider.name,
    previousNames: previous?.names && {
      users: new Map(Object.entries(previous.names.users)),
      groups: new Map(Object.entries(previous.names.groups)),
    },
    reserved: reservedNames(departures.retained),
  });
  return { org: mapped, departures, links };
}

/** Every entity the list emits, as JSON, with the user members of each group (none for departed groups). */
function emittedEntities(mapped: MappedOrg, departures: DeparturePlan): { entities: EntityList; memberCounts: Record<string, number> } {
  const entities = new EntityList();
  for (const entity of [...mapped.users, ...mapped.groups, ...departures.retained.map(r => r.entity)]) entities.add(entity);
  const memberCounts = countMembers(mapped.groups, entities.refs.slice(mapped.users.length, mapped.users.length + mapped.groups.length));
  for (const r of departures.retained) if (r.kind === 'group') memberCounts[r.ref] = 0;
  return { entities, memberCounts };
}

interface ListParts {
  entities: EntityList;
  memberCounts: Record<string, number>;
  records: SerializedRecords;
  recordRefs: MappedOrg['refs'];
  held?: Awaited<ReturnType<typeof catalogHoldings>>;
  departures: DeparturePlan;
  links?: LinkPlan;
  previous?: AppliedState;
  cursor: Cursor;
  startedAt: string;
}

function listPlan(provider: ProviderContext, parts: ListParts): ApplyPlan {
  const { entities, memberCounts, departures, previous } = parts;
  const { hashes } = entities;
  const baseline = previous?.entities ?? {};
  const drift = parts.held && catalogDrift(hashes, baseline, parts.held, provider.locationKey);
  const retainedRefs = new Set(departures.retained.map(r => r.ref));
  // What the catalog still attributes to us counts as ours: removing it is a removal like any other.
  // A departure counts as a removal whether the entity goes or is kept as departed; one kept earlier is not counted again.
  const before = [...Object.keys(baseline).filter(ref => !previous?.departed.has(ref)), ...(drift?.stray ?? [])];
  const after = Object.keys(hashes).filter(ref => !retainedRefs.has(ref));
  const removed = [...new Set([...removedRefs(before, after).filter(ref => !retainedRefs.has(ref)), ...departures.expired])];
  const records = listRecords(provider, parts);
  return {
    guard: { before, after, memberCounts: previous?.memberCounts && { before: previous.memberCounts, after: memberCounts }, subject: 'this run' },
    removed,
    removals: removalReasons(removed, { left: departures.left, expired: departures.expired, stray: drift?.stray ?? [] }),
    baseline,
    departures,
    drift,
    counts: addedAndChanged(hashes, baseline, retainedRefs),
    restored: drift ? [...drift.missing, ...drift.altered] : [],
    entities: () => entities.entities(),
    mutations: locationKey => listMutations(entities, removed, drift, locationKey),
    applied: { refs: drift ? drift.toApply : entities.refs, hashes },
    records,
    settle: async () => {
      // A list covers every change named before it started, and sets a new baseline for the changes' window.
      await provider.options.stateStore.changeQueue(provider.name).doneBefore(Date.parse(parts.startedAt));
      await provider.options.stateStore.removalWindow(provider.name).clear();
    },
    links: parts.links,
    cursor: parts.cursor,
  };
}

/**
 * The list's records are stored before the apply, so they need not stay in memory next to the catalog's own work
 * (should the apply fail, the next run's catalog check finds what is missing); afterwards only the entity columns
 * are kept, for what the catalog refuses.
 */
function listRecords(provider: ProviderContext, parts: ListParts): ApplyPlan['records'] {
  const recordStore = provider.options.stateStore.recordStore(provider.name);
  let rows: RecordRow[] = [];
  return {
    beforeApply: async () => {
      rows = withRetained(listRows(parts.records, parts.recordRefs, parts.entities.hashes, parts.memberCounts), parts.departures.retained, parts.entities.hashes);
      parts.records.clear();
      await recordStore.replace(rows, parts.previous?.index ?? []);
      rows = rows.map(({ record: _record, recordJson: _json, ...entity }) => entity);
    },
    afterApply: async refused => {
      // Entities the catalog refused keep their rows (names stay) but not as applied: the next run tries again.
      if (!refused.length) return;
      const set = new Set(refused);
      const changed = rows.filter(row => row.entityRef && set.has(row.entityRef.toLowerCase())).map(row => ({ ...row, record: undefined, entityHash: undefined }));
      await recordStore.update(changed, []);
    },
  };
}

/**
 * Only what differs from what the catalog holds: new or changed in the IdP, or deleted or altered in the catalog;
 * with what the catalog attributes to us but we no longer emit removed, the catalog ends up holding exactly the
 * list, as a full mutation would leave it. In slices, so the catalog never works on the whole org at once (a full
 * mutation of a large org costs the catalog hundreds of MB). Without the catalog's view (no drift) a full mutation
 * is the only way to be sure.
 */
function* listMutations(entities: EntityList, removed: string[], drift: CatalogDrift | undefined, locationKey: string): Iterable<EntityProviderMutation> {
  if (!drift) {
    yield { type: 'full', entities: entities.entities().map(entity => ({ entity, locationKey })) };
    return;
  }
  const toApply = entities.positionsOf(new Set(drift.toApply));
  if (removed.length) yield { type: 'delta', added: [], removed: removed.map(entityRef => ({ entityRef, locationKey })) };
  for (let i = 0; i < toApply.length; i += APPLY_SLICE) {
    const slice = entities.entities(toApply.slice(i, i + APPLY_SLICE));
    yield { type: 'delta', added: slice.map(entity => ({ entity, locationKey })), removed: [] };
  }
}

/** Refs in `before` and not in `after`, people first, each kind sorted: the removals the guard names. */
function removedRefs(before: string[], after: string[]): string[] {
  const kept = new Set(after);
  const removed = [...new Set(before)].filter(ref => !kept.has(ref)).sort();
  return [...removed.filter(ref => ref.startsWith('user:')), ...removed.filter(ref => ref.startsWith('group:'))];
}

function addedAndChanged(hashes: Record<string, string>, baseline: Record<string, string>, retainedRefs: Set<string>): { added: number; changed: number } {
  const counts = { added: 0, changed: 0 };
  for (const [ref, hash] of Object.entries(hashes)) {
    if (retainedRefs.has(ref)) continue;
    if (!(ref in baseline)) counts.added++;
    else if (baseline[ref] !== hash) counts.changed++;
  }
  return counts;
}

/** Group ref (lower-case, `refs[i]` of `groups[i]`) → number of user members. */
function countMembers(groups: Entity[], refs: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  groups.forEach((group, i) => {
    const members = (group.spec as { members?: unknown[] } | undefined)?.members;
    counts[refs[i]] = Array.isArray(members) ? members.length : 0;
  });
  return counts;
}
