import type { Knex } from 'knex';
import type { GuardDecision } from '../guard/deletionGuard';
import { REMOVED_RECORDS, RUNS } from '../state/migrations';
import { PlanAcceptances } from '../state/PlanAcceptances';
import { ProviderLease } from '../state/ProviderLease';
import type { RunResult } from '../run/OrgEntityProvider';

/** Runs kept per provider; older ones are trimmed as new ones are written. */
export const RUNS_KEPT = 200;
/** Refs of a guard decision kept with a run (the totals are always kept). */
const REFS_KEPT = 1000;
/** Removed, restored and refused entities kept with a run (the totals are always kept). */
export const ENTITIES_KEPT = 100;
/** How long accepting a plan may keep runs of the provider waiting (it takes a moment; the lease outlives a crash). */
const ACCEPT_LEASE_MS = 30_000;

/** A guard decision as kept with a run: refs capped at 1,000 per kind, totals exact. @alpha */
export interface StoredGuardDecision extends Omit<GuardDecision, 'removedUsers' | 'removedGroups' | 'emptiedGroups'> {
  removedUsers: string[];
  removedGroups: string[];
  emptiedGroups: string[];
  removedUserCount: number;
  removedGroupCount: number;
}

/** One finished run as the operations API answers it. @alpha */
export interface StoredRun {
  provider: string;
  runId: string;
  trigger: RunResult['trigger'];
  startedAt: string;
  finishedAt: string;
  outcome: RunResult['outcome'];
  readMode?: RunResult['readMode'];
  counts: RunResult['counts'];
  durationsMs: RunResult['durationsMs'];
  /** IdP requests of the read and how many were throttled, when the source reported them. */
  requests?: RunResult['requests'];
  /** Secrets already blanked out by the provider. */
  error?: string;
  guard?: StoredGuardDecision;
  /** A linked provider's accounts (`linkTo`): how many joined a person, and those that did not, with why (first 1,000 of each). */
  links?: RunResult['links'];
  /** People the run removed who still hold accounts of linked sources (first 1,000). */
  stillLinked?: RunResult['stillLinked'];
  /** What the run removed (held: would remove) and why, in words (first 100, lower-case refs; absent when nothing). */
  removals?: { items: NonNullable<RunResult['removals']>; total: number };
  /** Entities the catalog had lost or altered behind our back, re-applied (first 100, lower-case refs; absent when none). */
  restored?: { items: string[]; total: number };
  /** Entities the catalog did not take (another provider or location emits the ref), with who does (first 100; absent when none). */
  refused?: { items: NonNullable<RunResult['refused']>; total: number };
  /** Acceptances of held plans the run took, and whether it applied or dropped each. */
  acceptances?: RunResult['acceptances'];
}

/** The answer to accepting a plan: accepted for the provider's next run, or why not. */
export type PlanAcceptanceAnswer =
  | { accepted: true; heldBy: string }
  /** No recorded run held this plan. */
  | { accepted: false; why: 'never-held' }
  /** A run held it, but a later run made another decision: only the latest decision can be accepted. */
  | { accepted: false; why: 'not-latest'; latest: StoredRun }
  /** A run of the provider is in progress: its decision replaces the one being accepted. */
  | { accepted: false; why: 'run-in-progress' };

interface RunRow {
  provider_name: string;
  run_id: string;
  trigger: string;
  started_at: string;
  finished_at: string;
  finished_ms: number | string;
  outcome: string;
  read_mode: string | null;
  counts: string;
  durations: string;
  error: string | null;
  guard: string | null;
  links: string | null;
  acceptances: string | null;
  entities: string | null;
}

/**
 * Finished runs (and accepting the plan the latest one held) in the catalog's database, so every
 * replica and a restarted backend answer the same history.
 */
export class RunHistory {
  constructor(private readonly knex: () => Promise<Knex>) {}

  async record(result: RunResult & { runId: string }): Promise<void> {
    const knex = await this.knex();
    const finishedMs = Date.parse(result.startedAt) + result.durationsMs.total;
    await knex(RUNS).insert({
      provider_name: result.providerName,
      run_id: result.runId,
      trigger: result.trigger,
      started_at: result.startedAt,
      finished_at: new Date(finishedMs).toISOString(),
      finished_ms: finishedMs,
      outcome: result.outcome,
      read_mode: result.readMode ?? null,
      // The request figures ride in the counts' JSON (no column of their own), and are taken out again by runOf.
      counts: JSON.stringify(result.requests ? { ...result.counts, requests: result.requests } : result.counts),
      durations: JSON.stringify(result.durationsMs),
      error: result.error ?? null,
      guard: result.guard ? JSON.stringify(storedGuard(result.guard)) : null,
      links: result.links || result.stillLinked ? JSON.stringify(storedLinks(result)) : null,
      acceptances: result.acceptances?.length ? JSON.stringify(result.acceptances) : null,
      entities: result.removals?.length || result.restored?.length || result.refused?.length ? JSON.stringify(storedEntities(result)) : null,
    });
    const keep = await knex(RUNS).where({ provider_name: result.providerName }).orderBy('finished_ms', 'desc').offset(RUNS_KEPT).first('finished_ms');
    if (keep) {
      await knex(RUNS).where({ provider_name: result.providerName }).andWhere('finished_ms', '<=', Number(keep.finished_ms)).delete();
      // Removals older than the runs kept can no longer be explained by a run.
      await knex(REMOVED_RECORDS).where({ provider_name: result.providerName }).andWhere('removed_at', '<=', Number(keep.finished_ms)).delete();
    }
  }

  /** The last `limit` runs of a provider, newest first. */
  async list(provider: string, limit: number): Promise<StoredRun[]> {
    const knex = await this.knex();
    const rows: RunRow[] = await knex(RUNS).where({ provider_name: provider }).orderBy('finished_ms', 'desc').limit(limit);
    return rows.map(runOf);
  }

  /** The newest run of a provider with this outcome (any outcome when omitted). */
  async latest(provider: string, outcome?: RunResult['outcome']): Promise<StoredRun | undefined> {
    const knex = await this.knex();
    const query = knex(RUNS).where({ provider_name: provider });
    if (outcome) query.andWhere({ outcome });
    const row: RunRow | undefined = await query.orderBy('finished_ms', 'desc').first();
    return row && runOf(row);
  }

  /** The first run of a provider that finished at or after `ms` (ms epoch): the run during which something then happened. */
  async firstFinishedSince(provider: string, ms: number): Promise<StoredRun | undefined> {
    const knex = await this.knex();
    const row: RunRow | undefined = await knex(RUNS).where({ provider_name: provider }).andWhere('finished_ms', '>=', ms).orderBy('finished_ms', 'asc').first();
    return row && runOf(row);
  }

  /** Every applied run that removed something, newest first: who was removed, by which provider, when. */
  async removals(): Promise<StoredRun[]> {
    const knex = await this.knex();
    const rows: RunRow[] = await knex(RUNS).where({ outcome: 'applied' }).whereNotNull('guard').orderBy('finished_ms', 'desc');
    return rows.map(runOf).filter(run => (run.guard?.removedUsers.length ?? 0) + (run.guard?.removedGroups.length ?? 0) > 0);
  }

  /**
   * Accepts the plan the provider's latest run that reached the guard held, for its next such run (which applies it
   * if its plan is the same, and drops it otherwise). Holds the provider's lease meanwhile, so no run decides between
   * the check and the acceptance.
   */
  async acceptHeldPlan(provider: string, planId: string, acceptedBy: string): Promise<PlanAcceptanceAnswer> {
    const lease = new ProviderLease(this.knex, provider);
    if (!(await lease.tryAcquire(ACCEPT_LEASE_MS))) return { accepted: false, why: 'run-in-progress' };
    try {
      const latest = await this.latestDecision(provider);
      if (latest?.outcome === 'guarded' && latest.guard?.planId === planId) {
        await new PlanAcceptances(this.knex, provider).accept(planId, acceptedBy);
        return { accepted: true, heldBy: latest.runId };
      }
      const heldBefore = (await this.list(provider, RUNS_KEPT)).some(run => run.outcome === 'guarded' && run.guard?.planId === planId);
      return heldBefore && latest ? { accepted: false, why: 'not-latest', latest } : { accepted: false, why: 'never-held' };
    } finally {
      await lease.release().catch(() => undefined);
    }
  }

  /** The newest run of a provider that reached the guard (a run that failed before it decided nothing). */
  private async latestDecision(provider: string): Promise<StoredRun | undefined> {
    const knex = await this.knex();
    const row: RunRow | undefined = await knex(RUNS).where({ provider_name: provider }).whereNotNull('guard').orderBy('finished_ms', 'desc').first();
    return row && runOf(row);
  }
}

function storedGuard(decision: GuardDecision): StoredGuardDecision {
  return {
    ...decision,
    removedUsers: decision.removedUsers.slice(0, REFS_KEPT),
    removedGroups: decision.removedGroups.slice(0, REFS_KEPT),
    emptiedGroups: decision.emptiedGroups.slice(0, REFS_KEPT),
    removedUserCount: decision.removedUsers.length,
    removedGroupCount: decision.removedGroups.length,
  };
}

function storedLinks({ links, stillLinked }: RunResult): Pick<StoredRun, 'links' | 'stillLinked'> {
  return {
    links: links && {
      ...links,
      unmatched: links.unmatched.slice(0, REFS_KEPT),
      conflicts: links.conflicts.slice(0, REFS_KEPT),
      departed: links.departed.slice(0, REFS_KEPT),
    },
    stillLinked: stillLinked?.slice(0, REFS_KEPT),
  };
}

function storedEntities({ removals = [], restored = [], refused = [] }: RunResult): Pick<StoredRun, 'removals' | 'restored' | 'refused'> {
  const kept = <T>(items: T[]) => (items.length ? { items: items.slice(0, ENTITIES_KEPT), total: items.length } : undefined);
  return { removals: kept(removals), restored: kept(restored), refused: kept(refused) };
}

function runOf(row: RunRow): StoredRun {
  const { requests, ...counts } = JSON.parse(row.counts) as RunResult['counts'] & { requests?: RunResult['requests'] };
  return {
    provider: row.provider_name,
    runId: row.run_id,
    trigger: row.trigger as StoredRun['trigger'],
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome as StoredRun['outcome'],
    readMode: (row.read_mode ?? undefined) as StoredRun['readMode'],
    counts,
    durationsMs: JSON.parse(row.durations),
    requests,
    error: row.error ?? undefined,
    guard: row.guard ? JSON.parse(row.guard) : undefined,
    ...(row.links ? JSON.parse(row.links) : {}),
    acceptances: row.acceptances ? JSON.parse(row.acceptances) : undefined,
    ...(row.entities ? JSON.parse(row.entities) : {}),
  };
}
