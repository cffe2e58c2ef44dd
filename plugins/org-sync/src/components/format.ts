import type { OrgSyncRun, RunCounts } from '../api/types';

/** A date and time in the reader's locale, or a dash. */
export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** Milliseconds as "850 ms", "12.3 s" or "4 min 05 s". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** A run's duration: the total stage time, else finish minus start. */
export function runDuration(run: OrgSyncRun): number | undefined {
  if (run.durationsMs?.total !== undefined) return run.durationsMs.total;
  if (!run.finishedAt) return undefined;
  return Date.parse(run.finishedAt) - Date.parse(run.startedAt);
}

const OUTCOME_WORDS: Record<OrgSyncRun['outcome'], string> = {
  applied: 'Applied',
  guarded: 'Held by the deletion guard',
  'read-failed': 'Failed',
};

/** A run's outcome in words. */
export function outcomeText(outcome: OrgSyncRun['outcome']): string {
  return OUTCOME_WORDS[outcome] ?? outcome;
}

/** "+3 ~1 −2 ↺0" in words a screen reader reads too. */
export function changesText(counts: RunCounts | undefined): string {
  const c = counts ?? {};
  return `added ${c.added ?? 0}, updated ${c.changed ?? 0}, removed ${c.removed ?? 0}, restored ${c.restored ?? 0}`;
}

/** The guard's decision on a run in words. */
export function guardText(run: OrgSyncRun): string {
  const guard = run.guard;
  if (!guard) return run.outcome === 'read-failed' ? 'not reached' : '—';
  if (guard.accepted) return 'accepted plan applied';
  if (guard.allowed === false) return `held${guard.reason ? `: ${guard.reason}` : ''}`;
  return 'allowed';
}
