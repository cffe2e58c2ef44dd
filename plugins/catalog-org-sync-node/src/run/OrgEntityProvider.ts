import type { LoggerService, SchedulerService, SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { defaultIncrementalReadOptions, type IncrementalReadOptions } from '../config/incremental';
import { evaluateDeletionGuard, isGroupRef, isUserRef, type DeletionGuardConfig, type GuardDecision } from '../guard/deletionGuard';
import { mapSnapshot, type MapOptions } from '../mapping/mapSnapshot';
import type { OrgReadResult, OrgSource, PreviousRead, ReadProgress } from '../records';
import { encodePreviousRead, type AppliedState, type EncodedPreviousRead, type ProviderStateStore } from '../state/ProviderStateStore';
import { readBoundsAfter, type ReadBounds } from '../util/pagedListing';
import type { HeldEntity } from '../state/catalogHoldings';
import { catalogDrift, holdsAsApplied, type CatalogDrift } from './catalogDrift';
import { entityHash } from './entityHash';
import { logMappingReport, sampleList } from './report';

export interface OrgEntityProviderOptions {
  /** Short IdP name: `okta`, `msgraph`, `github`. */
  idp: string;
  /** The provider instance id from config. */
  id: string;
  source: OrgSource;
  mapping: Omit<MapOptions, 'providerName'>;
  /** Read at every run, so a config change (e.g. `guard.acceptPlan`) takes effect without a restart. */
  guard: () => DeletionGuardConfig;
  /** Where this provider's config lives, for messages that tell the operator what to set. */
  configPath: string;
  logger: LoggerService;
  stateStore: ProviderStateStore;
  /** With a scheduler and schedule the provider runs itself; without, call `run()`. */
  scheduler?: SchedulerService;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  /** Minimum time between progress log lines during a read. Default 10 s. */
  progressIntervalMs?: number;
  /** The catalog's name for this provider; default `<idp>:<id>`. A drop-in module keeps the official module's name so its entities change owner without a gap. */
  providerName?: string;
  /** Location key of the applied entities; default the provider name. A drop-in module keeps the official value so no "conflicting entityRef" arises on the switch. */
  locationKey?: string;
  /** Secret values (tokens, client secrets) to blank out of any error text before it is logged. */
  secrets?: string[];
  /** Incremental reads: the source gets the last applied read back until a full read is due. Default on, a full read every 24 h. */
  incremental?: IncrementalReadOptions;
}

export type RunOutcome = 'applied' | 'read-failed' | 'guarded';

export interface RunResult {
  providerName: string;
  outcome: RunOutcome;
  startedAt: string;
  /** How the source read: everything, or only what changed since the last applied run. */
  readMode?: 'full' | 'incremental';
  /**
   * `restored`: entities of ours that were deleted or altered in the catalog behind our back and re-applied.
   * `refused`: entities the catalog did not take from us (another provider or location emits the same ref).
   */
  counts: { users: number; groups: number; added: number; changed: number; removed: number; restored: number; refused: number; skipped: number };
  /**
   * `check` is comparing what the catalog holds with what we emit (before the apply) and what it took (after);
   * `apply` is the catalog's mutation; `save` is keeping this run's state (applied hashes, cursor and snapshot).
   */
  durationsMs: { read: number; map: number; check: number; guard: number; apply: number; save: number; total: number };
  error?: string;
  guard?: GuardDecision;
}

/**
 * One configured provider instance: on schedule it reads a complete snapshot,
 * maps it, checks it against the deletion guard and replaces what the catalog
 * holds for it with a full mutation. Any failure before the apply leaves the
 * catalog as it was.
 */
export class OrgEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private running: Promise<unknown> = Promise.resolve();
  private last?: RunResult;
  private readonly name: string;
  private readonly logger: LoggerService;

  constructor(private readonly options: OrgEntityProviderOptions) {
    this.name = options.providerName ?? `${options.idp}:${options.id}`;
    this.logger = options.logger.child({ provider: this.name });
  }

  getProviderName(): string {
    return this.name;
  }

  /** The provider instance id from config. */
  get id(): string {
    return this.options.id;
  }

  /** The outcome of the most recent run on this process, if any. */
  lastRun(): RunResult | undefined {
    return this.last;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    const { scheduler, schedule } = this.options;
    if (!scheduler || !schedule) return;
    await scheduler.scheduleTask({
      id: `${this.name}:refresh`,
      ...schedule,
      // Always global: replicas share one run (a local task would run once per replica).
      scope: 'global',
      fn: async signal => {
        await this.run({ signal: signal as AbortSignal | undefined });
      },
    });
  }

  /** Runs one sync now. Concurrent calls on one process run one after the other. */
  run(options: { signal?: AbortSignal } = {}): Promise<RunResult> {
    const next = this.running.then(() => this.runOnce(options.signal ?? new AbortController().signal));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async runOnce(signal: AbortSignal): Promise<RunResult> {
    const connection = this.connection;
    if (!connection) throw new Error(`${this.name} is not connected to the catalog yet`);
    const started = Date.now();
    const result: RunResult = {
      providerName: this.name,
      outcome: 'read-failed',
      startedAt: new Date(started).toISOString(),
      counts: { users: 0, groups: 0, added: 0, changed: 0, removed: 0, restored: 0, refused: 0, skipped: 0 },
      durationsMs: { read: 0, map: 0, check: 0, guard: 0, apply: 0, save: 0, total: 0 },
    };
    const finish = () => {
      result.durationsMs.total = Date.now() - started;
      this.last = result;
      return result;
    };
    let previous: AppliedState | undefined;
    try {
      previous = await this.options.stateStore.getAppliedState(this.name);
    } catch (error) {
      result.error = `cannot read the last applied state: ${this.describe(error)}`;
      this.logger.error(`${this.name}: ${result.error}; nothing read or applied`);
      return finish();
    }
    let previousRead = previous ? await this.previousRead(started) : undefined;
    this.logger.info(
      `${this.name}: sync started (${previousRead ? `incremental: changes since ${previousRead.readAt}, last full read ${previousRead.fullReadAt}` : 'full read'})`,
    );

    let snapshot: OrgReadResult | undefined;
    let mark = Date.now();
    try {
      snapshot = await this.read(signal, previousRead, readBoundsAfter(previous && countKinds(Object.keys(previous.entities))));
    } catch (error) {
      result.durationsMs.read = Date.now() - mark;
      result.error = this.describe(error);
      this.logger.error(`${this.name}: read failed, nothing applied, the catalog keeps what it had: ${result.error}`);
      return finish();
    }
    result.durationsMs.read = Date.now() - mark;
    result.readMode = previousRead && snapshot.readMode === 'incremental' ? 'incremental' : 'full';
    if (previousRead && result.readMode === 'full') {
      this.logger.info(`${this.name}: the source could not build on the last read and read everything`);
    }
    const fullReadAt = result.readMode === 'incremental' && previousRead ? previousRead.fullReadAt : result.startedAt;
    previousRead = undefined; // the last snapshot can go: a large org's records are hundreds of MB in memory

    mark = Date.now();
    const mapped = await mapSnapshot(snapshot, {
      ...this.options.mapping,
      providerName: this.name,
      previousNames: previous?.names && {
        users: new Map(Object.entries(previous.names.users)),
        groups: new Map(Object.entries(previous.names.groups)),
      },
    });
    result.durationsMs.map = Date.now() - mark;
    logMappingReport(this.logger, mapped.report);
    const entities: Entity[] = [...mapped.users, ...mapped.groups];
    result.counts.users = mapped.users.length;
    result.counts.groups = mapped.groups.length;
    result.counts.skipped = mapped.report.skipped.length;

    mark = Date.now();
    const refs = entities.map(entity => stringifyEntityRef(entity).toLowerCase());
    const hashes: Record<string, string> = {};
    entities.forEach((entity, i) => (hashes[refs[i]] = entityHash(entity)));
    const baseline = previous?.entities ?? {};
    const locationKey = this.options.locationKey ?? this.name;
    const held = await this.catalogHoldings();
    const drift = held && catalogDrift(hashes, baseline, held, locationKey);
    result.durationsMs.check = Date.now() - mark;

    mark = Date.now();
    // What the catalog still attributes to us counts as ours: removing it is a removal like any other.
    const memberCounts = countMembers(mapped.groups, refs.slice(mapped.users.length));
    const decision = evaluateDeletionGuard(
      [...Object.keys(baseline), ...(drift?.stray ?? [])],
      Object.keys(hashes),
      this.options.guard(),
      previous?.memberCounts && { before: previous.memberCounts, after: memberCounts },
    );
    result.guard = decision;
    result.durationsMs.guard = Date.now() - mark;
    if (!decision.allowed) {
      result.outcome = 'guarded';
      this.logger.error(
        `${this.name}: deletion guard refused this run, nothing applied: ${decision.reason}. ` +
          `Would remove ${sampleList(decision.removedUsers, r => r) || 'no users'}; ${sampleList(decision.removedGroups, r => r) || 'no groups'}` +
          (decision.removedMemberships ? `; ${decision.removedMemberships} memberships` : '') +
          (decision.emptiedGroups.length ? `, leaving without members ${sampleList(decision.emptiedGroups, r => r)}` : '') +
          `. If this change is real, set ${this.options.configPath}.guard.acceptPlan: "${decision.planId}" to apply exactly this removal once, ` +
          `or raise ${this.options.configPath}.guard.maxUserRemovalShare / maxGroupRemovalShare / maxMembershipRemovalShare.`,
      );
      return finish();
    }
    if (decision.accepted) {
      this.logger.warn(`${this.name}: applying removal plan ${decision.planId} accepted through guard.acceptPlan`);
    }
    for (const [ref, hash] of Object.entries(hashes)) {
      if (!(ref in baseline)) result.counts.added++;
      else if (baseline[ref] !== hash) result.counts.changed++;
    }
    const removed = [...decision.removedUsers, ...decision.removedGroups];
    result.counts.removed = removed.length;
    if (drift) this.logDrift(drift);
    result.counts.restored = drift ? drift.missing.length + drift.altered.length : 0;

    if (signal.aborted) {
      result.error = 'the run was aborted (timeout or shutdown) before applying';
      this.logger.error(`${this.name}: ${result.error}; nothing applied`);
      return finish();
    }
    // Encoded before the apply, so this run's records are not held in memory next to the catalog's own work.
    mark = Date.now();
    const encoded = await this.encodeRead(snapshot, fullReadAt, result.startedAt);
    snapshot = undefined;
    result.durationsMs.save = Date.now() - mark;
    mark = Date.now();
    if (result.readMode === 'incremental' && drift) {
      // Only what differs from what the catalog holds: changed in the IdP, or deleted or altered in the catalog.
      // Without the catalog's view (drift undefined) a full mutation is the only way to be sure.
      const toApply = new Set(drift.toApply);
      await connection.applyMutation({
        type: 'delta',
        added: entities.filter((_, i) => toApply.has(refs[i])).map(entity => ({ entity, locationKey })),
        removed: removed.map(entityRef => ({ entityRef, locationKey })),
      });
    } else {
      await connection.applyMutation({ type: 'full', entities: entities.map(entity => ({ entity, locationKey })) });
    }
    result.durationsMs.apply = Date.now() - mark;
    mark = Date.now();
    const refused = await this.refusedByCatalog(drift ? drift.toApply : refs, hashes, locationKey);
    for (const ref of refused) {
      if (!(ref in baseline)) result.counts.added--;
      delete hashes[ref]; // not ours in the catalog: the next run tries again and reports it again
    }
    result.counts.refused = refused.length;
    result.durationsMs.check += Date.now() - mark;
    mark = Date.now();
    await this.options.stateStore.saveAppliedState(this.name, {
      appliedAt: new Date().toISOString(),
      entities: hashes,
      names: { users: Object.fromEntries(mapped.names.users), groups: Object.fromEntries(mapped.names.groups) },
      memberCounts: Object.fromEntries(Object.entries(memberCounts).filter(([ref]) => ref in hashes)),
    });
    await this.savePreviousRead(encoded);
    result.durationsMs.save += Date.now() - mark;
    result.outcome = 'applied';
    finish();
    const c = result.counts;
    const d = result.durationsMs;
    this.logger.info(
      `${this.name}: applied ${c.users} users, ${c.groups} groups (${c.added} added, ${c.changed} changed, ${c.removed} removed, ` +
        `${c.restored} restored, ${c.refused} refused by the catalog, ${c.skipped} skipped records) ` +
        `in ${secs(d.total)} (${result.readMode} read ${secs(d.read)}, map ${secs(d.map)}, catalog check ${secs(d.check)}, guard ${secs(d.guard)}, apply ${secs(d.apply)}, save ${secs(d.save)})`,
    );
    return result;
  }

  /** What the catalog holds for this provider; undefined (with a warning) when it cannot be told, and the run then applies a full mutation. */
  private async catalogHoldings(): Promise<Map<string, HeldEntity> | undefined> {
    const store = this.options.stateStore;
    try {
      const held = await store.getCatalogHoldings?.(this.name);
      if (!held) this.logger.warn(`${this.name}: cannot see what the catalog holds for this provider; applying a full mutation`);
      return held;
    } catch (error) {
      this.logger.warn(`${this.name}: cannot read what the catalog holds for this provider, applying a full mutation: ${this.describe(error)}`);
      return undefined;
    }
  }

  private logDrift(drift: CatalogDrift): void {
    const line = (refs: string[], what: string, then: string) => {
      if (refs.length) this.logger.warn(`${this.name}: ${refs.length} ${refs.length === 1 ? 'entity' : 'entities'} ${what}; ${then}: ${sampleList(refs, r => r)}`);
    };
    line(drift.missing, 'of ours were missing from the catalog (deleted behind our back)', 're-applied');
    line(drift.altered, 'of ours were changed in the catalog behind our back', 're-applied as the IdP has them');
    line(drift.stray, 'attributed to this provider by the catalog are no longer emitted by it', 'removed');
  }

  /**
   * The refs among `applied` that the catalog did not take from us, read back
   * after the apply: the catalog drops an entity whose ref another provider or
   * location already emits, with only a debug line of its own.
   */
  private async refusedByCatalog(applied: string[], hashes: Record<string, string>, locationKey: string): Promise<string[]> {
    if (applied.length === 0) return [];
    const store = this.options.stateStore;
    try {
      const held = await store.getCatalogHoldings?.(this.name);
      if (!held) return [];
      const refused = applied.filter(ref => !holdsAsApplied(held.get(ref), hashes[ref], locationKey));
      if (refused.length === 0) return refused;
      const holders = (await store.getLocationKeys?.(refused)) ?? new Map<string, string | undefined>();
      const described = refused.map(ref => (holders.get(ref) ? `${ref} (held by ${holders.get(ref)})` : ref));
      this.logger.error(
        `${this.name}: the catalog refused ${refused.length} of our entities because another provider or location emits the same ref: ` +
          `${sampleList(described, r => r)}. Give one of the providers its own namespace (${this.options.configPath}.namespace) or remove the duplicate.`,
      );
      return refused;
    } catch (error) {
      this.logger.warn(`${this.name}: cannot check what the catalog took from this run: ${this.describe(error)}`);
      return [];
    }
  }

  private get incremental(): IncrementalReadOptions {
    return this.options.incremental ?? defaultIncrementalReadOptions;
  }

  /** The last applied read, unless incremental reads are off or a full read is due; never fails the run. */
  private async previousRead(now: number): Promise<PreviousRead | undefined> {
    const incremental = this.incremental;
    if (!incremental.enabled) return undefined;
    try {
      const read = await this.options.stateStore.getPreviousRead(this.name);
      if (!read) return undefined;
      if (now - Date.parse(read.fullReadAt) >= incremental.fullReadEveryMs || !(Date.parse(read.fullReadAt) <= now)) return undefined;
      return read;
    } catch (error) {
      this.logger.warn(`${this.name}: cannot read the saved cursor, reading everything: ${this.describe(error)}`);
      return undefined;
    }
  }

  /** The cursor with the snapshot it belongs to, ready to save; undefined when there is nothing to keep (or it cannot be encoded). */
  private async encodeRead(snapshot: OrgReadResult, fullReadAt: string, readAt: string): Promise<EncodedPreviousRead | undefined> {
    if (snapshot.cursor === undefined || !this.incremental.enabled) return undefined;
    try {
      return await encodePreviousRead({
        cursor: snapshot.cursor,
        snapshot: snapshot.keepSnapshot === false ? undefined : { users: snapshot.users, groups: snapshot.groups },
        readAt,
        fullReadAt,
      });
    } catch (error) {
      this.logger.warn(`${this.name}: cannot encode the cursor, the next run reads everything: ${this.describe(error)}`);
      return undefined;
    }
  }

  /** Keeps the cursor with the snapshot it belongs to (or forgets the old one); a failure only costs the next run a full read. */
  private async savePreviousRead(encoded: EncodedPreviousRead | undefined): Promise<void> {
    const store = this.options.stateStore;
    try {
      if (encoded) await store.savePreviousRead(this.name, encoded);
      else await store.clearPreviousRead(this.name);
    } catch (error) {
      this.logger.warn(`${this.name}: cannot save the cursor, the next run reads everything: ${this.describe(error)}`);
      await store.clearPreviousRead(this.name).catch(() => undefined);
    }
  }

  private describe(error: unknown): string {
    return redact(describe(error), this.options.secrets ?? []);
  }

  /** Reads the snapshot; gives up when the signal aborts even if the source ignores it. */
  private read(signal: AbortSignal, previous: PreviousRead | undefined, bounds: ReadBounds): Promise<OrgReadResult> {
    const interval = this.options.progressIntervalMs ?? 10_000;
    let lastLog = Date.now();
    const reportProgress = (progress: ReadProgress) => {
      if (Date.now() - lastLog < interval) return;
      lastLog = Date.now();
      const parts = Object.entries(progress)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k} ${v}`);
      this.logger.info(`${this.name}: reading… ${parts.join(', ')}`);
    };
    if (signal.aborted) return Promise.reject(new Error('aborted before the read started'));
    return new Promise<OrgReadResult>((resolve, reject) => {
      const onAbort = () => reject(new Error('the read was aborted (schedule timeout or shutdown)'));
      signal.addEventListener('abort', onAbort, { once: true });
      this.options.source
        .read({ signal, reportProgress, previous, bounds })
        .then(snapshot => {
          if (!snapshot || !Array.isArray(snapshot.users) || !Array.isArray(snapshot.groups)) {
            throw new Error('the source returned no snapshot (users and groups arrays expected)');
          }
          return snapshot;
        })
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (cause: ${cause.message})` : error.message;
  }
  return String(error);
}

/** Blanks out every secret (and its URL-encoded form) from a message. */
export function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('[redacted]');
  }
  return out;
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

function countKinds(refs: string[]): { users: number; groups: number } {
  return { users: refs.filter(isUserRef).length, groups: refs.filter(isGroupRef).length };
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
