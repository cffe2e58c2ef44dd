import type { Entity } from '@backstage/catalog-model';
import type { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import type { GuardDecision, MembershipCounts } from '../guard/deletionGuard';
import type { Retained } from '../leavers/planDepartures';
import type { LinkPlan } from '../linking/AccountLinker';
import type { JsonValue } from '../records';
import type { CatalogDrift } from './catalogDrift';
import type { RunResult } from './runResult';

/** Where a read left the source: kept once the run applied, so the next read builds on it. */
export interface Cursor {
  value: JsonValue | undefined;
  readAt: string;
  fullReadAt: string;
}

/**
 * What a list (`planList`) or a delta (`planDelta`) becomes before anything is applied, and all `applyPlan` needs to
 * carry it out: what the guard compares, the catalog mutations, the record writes and what is kept afterwards.
 */
export interface ApplyPlan {
  /** What the deletion guard compares (lower-case refs), and how its refusal names what it held. */
  guard: { before: Iterable<string>; after: Iterable<string>; memberCounts?: MembershipCounts; subject: string };
  /** Lower-case refs the catalog loses (departed entities past `leavers.retainFor` included). */
  removed: string[];
  /** The same refs, each with why it goes. */
  removals: NonNullable<RunResult['removals']>;
  /** Lower-case ref → hash of what this provider applied last: what `added` and `changed` are counted against. */
  baseline: Record<string, string>;
  /** People and groups kept as departed, and departed entities whose time is up (logged once the guard allows). */
  departures: { retained: Retained[]; expired: string[] };
  /** What the catalog held differently from what was applied (logged once the guard allows). */
  drift?: Pick<CatalogDrift, 'missing' | 'altered' | 'stray'>;
  /** Counted once the guard allows. */
  counts: { added: number; changed: number };
  /** Lower-case refs of ours the catalog lost or altered behind our back, which the plan re-applies (counted as `restored`). */
  restored: string[];
  /** The entities the plan gives the catalog, as a dry run shows them. */
  entities(): Entity[];
  /** The catalog mutations that carry the plan out, built one at a time (a large list goes in slices). */
  mutations(locationKey: string): Iterable<EntityProviderMutation>;
  /** Refs given to the catalog and their hashes: what is read back to find the entities it refused. */
  applied: { refs: string[]; hashes: Record<string, string> };
  /** The record store's writes: some before the mutations (so a large list need not stay in memory), the rest after. */
  records: { beforeApply?(): Promise<void>; afterApply(refused: string[]): Promise<void> };
  /** Keeps the removal window and the change queue in step with what was applied. */
  settle(decision: GuardDecision): Promise<void>;
  links?: LinkPlan;
  /** The read's cursor, kept once applied; absent for change runs (they leave the scheduled read's cursor alone). */
  cursor?: Cursor;
}
