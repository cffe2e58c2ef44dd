import type { Entity } from '@backstage/catalog-model';
import { randomUUID } from 'node:crypto';
import type { GuardDecision } from '../guard/deletionGuard';
import type { LinkReport } from '../linking/AccountLinker';
import type { SpentAcceptance } from './acceptances';

/** @alpha */
export type RunOutcome = 'applied' | 'read-failed' | 'guarded';

/** What a dry run would do (`dryRun()`, in `RunResult.plan`): entities as they would be applied, and refs (lower-case) that would go. @alpha */
export interface DryRunChanges {
  added: Entity[];
  changed: Entity[];
  /** Removed from the catalog (departed entities past `leavers.retainFor` included). */
  removed: string[];
  /** People and groups who would leave now and be kept as departed (`leavers.mode: retain`). */
  departed: string[];
}

/**
 * A change delivery that reached a provider: a push to its receiver (accepted: answered below 400; `detail` its status,
 * `HTTP 401`) or an event heard (accepted unless malformed; `detail` its topic). @alpha
 */
export interface ChangeDelivery {
  via: 'push' | 'event';
  accepted: boolean;
  detail?: string;
}

/** Observers of a provider's runs (the operations API's run history and metrics). @alpha */
export interface RunHooks {
  /** Every finished run except dry runs; a failing hook is logged, never fails the run. */
  runFinished?(result: RunResult & { runId: string }): Promise<void>;
  /** A change delivery reached this provider. */
  deliveryNoted?(delivery: ChangeDelivery): void;
  /** The change run polled the provider's change feed: how many records it named, or why the poll failed (secrets blanked out). */
  pollNoted?(poll: { ok: boolean; named: number; error?: string }): void;
}


/** @alpha */
export interface RunResult {
  providerName: string;
  /** Unique per run, the key of its row in the run history. */
  runId?: string;
  outcome: RunOutcome;
  startedAt: string;
  /** What started the run: the schedule (or `run()`), change signals (`processChanges()`), or `dryRun()`. */
  trigger: 'schedule' | 'changes' | 'dry-run';
  /**
   * How the source read: everything (`full`), the complete org partly from the last run (`incremental`),
   * only what changed since the cursor (`delta`), or only the records change signals named (`records`).
   */
  readMode?: 'full' | 'incremental' | 'delta' | 'records';
  /**
   * `restored`: entities of ours that were deleted or altered in the catalog behind our back and re-applied.
   * `refused`: entities the catalog did not take from us (another provider or location emits the same ref).
   * `touched`: records a delta or change run re-mapped (the rest were left as applied).
   */
  counts: {
    users: number;
    groups: number;
    added: number;
    changed: number;
    removed: number;
    restored: number;
    refused: number;
    skipped: number;
    touched: number;
    /** People and groups who left in this run and are kept as departed (`leavers.mode: retain`); not counted in `removed`. */
    departed: number;
  };
  /**
   * `check` is comparing what the catalog holds with what we emit (before the apply) and what it took (after);
   * `apply` is the catalog's mutation; `save` is keeping this run's records and cursor.
   */
  durationsMs: { read: number; map: number; check: number; guard: number; apply: number; save: number; total: number };
  error?: string;
  guard?: GuardDecision;
  /** Set by dry runs only: what the run would apply. */
  plan?: DryRunChanges;
  /**
   * Acceptances of held plans this run took (`guard.acceptPlan` not spent yet, the operations API's pending one): each
   * is for this one run, `applied` when its plan was this run's, else `dropped`.
   */
  acceptances?: SpentAcceptance[];
  /** A linked provider's (`linkTo`) accounts: how many joined a person, and those that did not, with why. */
  links?: LinkReport;
  /** What the run removed (a held run: would remove) and why, in words (lower-case refs; `counts.removed` of them once applied). */
  removals?: Array<{ ref: string; why: string }>;
  /** Entities of ours (lower-case refs) the catalog had lost or altered behind our back, re-applied by this run (`counts.restored` of them). */
  restored?: string[];
  /**
   * Entities the catalog did not take from this run (`counts.refused` of them): another provider or location emits the
   * ref; `heldBy` is its location key, when the catalog tells.
   */
  refused?: Array<{ ref: string; heldBy?: string }>;
  /** People this run removed who still hold an account of a linked source (e.g. still members of the GitHub org). */
  stillLinked?: Array<{ person: string; account: string; where: string }>;
  /**
   * IdP requests of a scheduled read and how many the IdP throttled, as the source last reported them
   * (`reportProgress`); absent when it reported none, and on change runs (`readRecords` reports no progress).
   */
  requests?: { total: number; rateLimited: number };
}

/** A run's timed stages (`total` is the whole run's, set when it finishes). */
export type RunStage = Exclude<keyof RunResult['durationsMs'], 'total'>;

/** A run that has not read yet: every count and duration zero, outcome `read-failed` until it gets further. */
export function newRunResult(providerName: string, trigger: RunResult['trigger']): RunResult {
  return {
    providerName,
    runId: randomUUID(),
    outcome: 'read-failed',
    startedAt: new Date().toISOString(),
    trigger,
    counts: { users: 0, groups: 0, added: 0, changed: 0, removed: 0, restored: 0, refused: 0, skipped: 0, touched: 0, departed: 0 },
    durationsMs: { read: 0, map: 0, check: 0, guard: 0, apply: 0, save: 0, total: 0 },
  };
}
