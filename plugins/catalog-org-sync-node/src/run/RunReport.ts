import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { GuardDecision } from '../guard/deletionGuard';
import type { JsonObject } from '@backstage/types';
import type { Retained } from '../leavers/planDepartures';
import type { MappingReport } from '../mapping/mapSnapshot';
import { sampleList } from '../util/sampleList';
import type { CatalogDrift } from './catalogDrift';
import { entityHash } from './entityHash';
import { guardRefusalMessage } from './guardLog';
import type { ProviderContext } from './ProviderContext';
import { logMappingReport } from './report';
import { newRunResult, type DryRunChanges, type RunResult, type RunStage } from './runResult';

/**
 * One run's account: its result (outcome, counts, durations) and every line it logs. The steps of a run say what
 * happened; the report keeps the time, writes the counts and words the log, so the steps stay free of both.
 */
export class RunReport {
  readonly result: RunResult;

  constructor(
    private readonly provider: ProviderContext,
    trigger: RunResult['trigger'],
  ) {
    this.result = newRunResult(provider.name, trigger);
  }

  get dryRun(): boolean {
    return this.result.trigger === 'dry-run';
  }

  /** Runs one step and adds its time to the stage's duration (a stage may be timed more than once). */
  async time<T>(stage: RunStage, step: () => Promise<T> | T): Promise<T> {
    const mark = Date.now();
    try {
      return await step();
    } finally {
      this.result.durationsMs[stage] += Date.now() - mark;
    }
  }

  /** The run ends here, nothing applied: `error` is kept in the result, `line` logged as an error. */
  failed(error: string, line: string, meta?: JsonObject): Promise<RunResult> {
    this.noteFailure(error, line, meta);
    return this.finish();
  }

  /** Keeps `error` in the result and logs `line` as an error; the run is yet to finish. */
  noteFailure(error: string, line: string, meta?: JsonObject): void {
    this.result.error = error;
    this.provider.logger.error(line, meta);
  }

  /** The read failed: nothing applied, the catalog keeps what it had. */
  readFailed(error: unknown): Promise<RunResult> {
    const { result } = this;
    const message = this.provider.describe(error);
    return this.failed(message, `${this.provider.name}: read failed, nothing applied, the catalog keeps what it had: ${message}`, {
      outcome: 'read-failed',
      trigger: result.trigger,
      runId: result.runId,
      readMs: result.durationsMs.read,
    });
  }

  /** What mapping found: entity counts, the records it skipped (and what else it reports, logged). */
  mapped(counts: { users: number; groups: number; touched?: number }, report: MappingReport): void {
    logMappingReport(this.provider.logger, report);
    Object.assign(this.result.counts, { users: counts.users, groups: counts.groups, skipped: report.skipped.length });
    if (counts.touched !== undefined) this.result.counts.touched = counts.touched;
  }

  /** True when the guard lets the run apply; otherwise the run is `guarded` and the refusal logged with how to accept it. */
  guardAllows(decision: GuardDecision, what: string): boolean {
    if (decision.allowed) return true;
    const { result } = this;
    result.outcome = 'guarded';
    this.provider.logger.error(guardRefusalMessage(this.provider.name, this.provider.options.configPath, decision, what), {
      outcome: 'guarded',
      trigger: result.trigger,
      readMode: result.readMode,
      runId: result.runId,
      planId: decision.planId,
      removedUsers: decision.removedUsers.length,
      removedGroups: decision.removedGroups.length,
      removedMemberships: decision.removedMemberships,
    });
    return false;
  }

  /** True (and the run ends unapplied) when the run's signal aborted before the catalog was touched. */
  abortedBeforeApply(signal: AbortSignal): boolean {
    if (!signal.aborted) return false;
    const { result } = this;
    result.error = 'the run was aborted (timeout or shutdown) before applying';
    // Taken all the same: an acceptance is for the decision before this run, which this run has replaced.
    result.acceptances = result.acceptances?.map(acceptance => ({ ...acceptance, outcome: 'dropped' }));
    this.provider.logger.error(`${this.provider.name}: ${result.error}; nothing applied`);
    return true;
  }

  /** A dry run's answer: what differs from what was applied last, and what would go. */
  planned(entities: Entity[], baseline: Record<string, string>, retained: Retained[], removed: string[]): RunResult {
    const { result } = this;
    const retainedRefs = new Set(retained.map(r => r.ref));
    const plan: DryRunChanges = { added: [], changed: [], removed, departed: retained.filter(r => r.newlyDeparted).map(r => r.ref) };
    for (const entity of entities) {
      const ref = stringifyEntityRef(entity).toLowerCase();
      if (retainedRefs.has(ref)) continue;
      if (!(ref in baseline)) plan.added.push(entity);
      else if (baseline[ref] !== entityHash(entity)) plan.changed.push(entity);
    }
    Object.assign(result.counts, { added: plan.added.length, changed: plan.changed.length, removed: removed.length, departed: plan.departed.length });
    result.outcome = result.guard?.allowed === false ? 'guarded' : 'applied';
    result.plan = plan;
    result.durationsMs.total = Date.now() - Date.parse(result.startedAt);
    return result;
  }

  /** People and groups who left and stay as departed, and departed ones whose time is up. */
  departures(retained: Retained[], expired: string[]): void {
    const now = retained.filter(r => r.newlyDeparted);
    const name = this.provider.name;
    if (now.length) {
      this.provider.logger.info(
        `${name}: ${now.length} left and ${now.length === 1 ? 'is' : 'are'} kept as departed (leavers.mode: retain): ${sampleList(now, r => `${r.ref} (${r.departure})`)}`,
      );
    }
    if (expired.length) this.provider.logger.info(`${name}: ${expired.length} departed past leavers.retainFor, removed: ${sampleList(expired, r => r)}`);
  }

  /** What the catalog holds that differs from what we applied, and what the run does about it. */
  drift(drift: Pick<CatalogDrift, 'missing' | 'altered' | 'stray'>): void {
    const line = (refs: string[], what: string, then: string) => {
      if (refs.length) this.provider.logger.warn(`${this.provider.name}: ${refs.length} ${refs.length === 1 ? 'entity' : 'entities'} ${what}; ${then}: ${sampleList(refs, r => r)}`);
    };
    line(drift.missing, 'of ours were missing from the catalog (deleted behind our back)', 're-applied');
    line(drift.altered, 'of ours were changed in the catalog behind our back', 're-applied as the IdP has them');
    line(drift.stray, 'attributed to this provider by the catalog are no longer emitted by it', 'removed');
  }

  /** The run applied: recorded, announced to linked providers waiting for it, and logged with its counts and times. */
  async applied(): Promise<RunResult> {
    const { result } = this;
    result.outcome = 'applied';
    await this.finish();
    this.provider.announceApplied();
    const c = result.counts;
    const d = result.durationsMs;
    const what = result.readMode === 'records' ? `changes to ${c.touched} records` : `${c.users} users, ${c.groups} groups`;
    this.provider.logger.info(
      `${this.provider.name}: applied ${what} (${c.added} added, ${c.changed} changed, ${c.removed} removed, ` +
        `${c.restored} restored, ${c.refused} refused by the catalog, ${c.skipped} skipped records) ` +
        `in ${secs(d.total)} (${result.readMode} read ${secs(d.read)}, map ${secs(d.map)}, catalog check ${secs(d.check)}, guard ${secs(d.guard)}, apply ${secs(d.apply)}, save ${secs(d.save)})`,
      { outcome: result.outcome, trigger: result.trigger, readMode: result.readMode, runId: result.runId, ...c, durationsMs: JSON.stringify(d) },
    );
    return result;
  }

  /** The run is over: its total time is set and, unless it was a dry run, it is recorded. */
  async finish(): Promise<RunResult> {
    const { result } = this;
    result.durationsMs.total = Date.now() - Date.parse(result.startedAt);
    if (!this.dryRun) await this.provider.recordRun(result);
    return result;
  }
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
