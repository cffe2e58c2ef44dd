import type { Knex } from 'knex';
import type { GuardDecision } from '../guard/deletionGuard';
import { PLAN_ACCEPTANCES, RUNS } from '../state/migrations';
import type { RunResult } from '../run/OrgEntityProvider';

/** Runs kept per provider; older ones are trimmed as new ones are written. */
export const RUNS_KEPT = 200;
/** Refs of a guard decision kept with a run (the totals are always kept). */
const REFS_KEPT = 1000;

/** A guard decision as kept with a run: refs capped at 1,000 per kind, totals exact. */
export interface StoredGuardDecision extends Omit<GuardDecision, 'removedUsers' | 'removedGroups' | 'emptiedGroups'> {
  removedUsers: string[];
  removedGroups: string[];
  emptiedGroups: string[];
  removedUserCount: number;
  removedGroupCount: number;
}

/** One finished run as the operations API answers it. */
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
}

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
}

/**
 * Finished runs and accepted plans in the catalog's database, so every
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
    });
    const keep = await knex(RUNS).where({ provider_name: result.providerName }).orderBy('finished_ms', 'desc').offset(RUNS_KEPT).first('finished_ms');
    if (keep) await knex(RUNS).where({ provider_name: result.providerName }).andWhere('finished_ms', '<=', Number(keep.finished_ms)).delete();
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

  /** Every applied run that removed something, newest first: who was removed, by which provider, when. */
  async removals(): Promise<StoredRun[]> {
    const knex = await this.knex();
    const rows: RunRow[] = await knex(RUNS).where({ outcome: 'applied' }).whereNotNull('guard').orderBy('finished_ms', 'desc');
    return rows.map(runOf).filter(run => (run.guard?.removedUsers.length ?? 0) + (run.guard?.removedGroups.length ?? 0) > 0);
  }

  /** Accepts a held plan: the next run whose plan has this id applies it once. */
  async accept(provider: string, planId: string, acceptedBy: string): Promise<void> {
    const knex = await this.knex();
    await knex(PLAN_ACCEPTANCES)
      .insert({ provider_name: provider, plan_id: planId, accepted_by: acceptedBy, accepted_at: Date.now() })
      .onConflict(['provider_name', 'plan_id'])
      .merge();
  }

  async acceptedPlans(provider: string): Promise<string[]> {
    const knex = await this.knex();
    const rows: Array<{ plan_id: string }> = await knex(PLAN_ACCEPTANCES).where({ provider_name: provider }).select('plan_id');
    return rows.map(row => row.plan_id);
  }

  /** An accepted plan was applied: it does not approve anything again. */
  async planApplied(provider: string, planId: string): Promise<void> {
    const knex = await this.knex();
    await knex(PLAN_ACCEPTANCES).where({ provider_name: provider, plan_id: planId }).delete();
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
  };
}
