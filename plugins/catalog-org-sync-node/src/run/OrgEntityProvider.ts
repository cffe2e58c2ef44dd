import type { LoggerService, SchedulerService, SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { Duration } from 'luxon';
import { randomUUID } from 'node:crypto';
import type { OrgChangeHints, OrgChangeSignals, OrgDeliveryLog } from '../changes';
import { defaultChangeOptions, type ChangeOptions } from '../config/changes';
import { defaultIncrementalReadOptions, type IncrementalReadOptions } from '../config/incremental';
import { evaluateDeletionGuard, isGroupRef, isUserRef, type DeletionGuardConfig, type GuardDecision } from '../guard/deletionGuard';
import { mapSnapshot, type MapOptions, type MappedOrg } from '../mapping/mapSnapshot';
import { isDeltaResult, type JsonValue, type OrgDelta, type OrgGroupRecord, type OrgUserRecord, type OrgReadResult, type OrgSnapshot, type OrgSource, type PreviousRead, type ReadProgress } from '../records';
import type { HeldEntity } from '../state/catalogHoldings';
import { encodePreviousRead, type AppliedState, type ProviderStateStore, type SavedRead } from '../state/ProviderStateStore';
import type { RecordIndexEntry, RecordKind, RecordRow } from '../state/RecordStore';
import type { PendingChanges } from '../state/ChangeQueue';
import { defaultLeaverOptions, type LeaverOptions } from '../leavers/leaverOptions';
import { planDepartures, presenceInList, type DeparturePlan, type Presence, type Retained } from '../leavers/planDepartures';
import { readBoundsAfter, type ReadBounds } from '../util/pagedListing';
import { rawGroupName, rawUserName } from '../naming/strategies';
import { catalogDrift, holdsAsApplied, type CatalogDrift } from './catalogDrift';
import { entityHash } from './entityHash';
import { EntityList } from './entityList';
import { listRows, serializeRecords, withRetained } from './listRows';
import { guardRefusalMessage } from './guardLog';
import { describeRequest, recordRequestFor } from './recordRequest';
import { planDelta, type DeltaPlan } from './planDelta';
import { logMappingReport } from './report';
import { sampleList } from '../util/sampleList';
import type { LinkOptions } from '../linking/linkOptions';
import type { LinkStore } from '../state/LinkStore';
import { AccountLinker, type LinkPlan, type LinkReport } from '../linking/AccountLinker';
import { logLinkReport, logStillLinked } from '../linking/linkReport';
import { announceApplied, wakeAfterApplied } from '../linking/providerNames';
import type { PlanAcceptance } from '../state/PlanAcceptances';
import { acceptancesForRun, describeSpentAcceptance, guardConfigWith, spentAcceptances, type SpentAcceptance } from './acceptances';

export interface OrgEntityProviderOptions {
  /** Short IdP name: `okta`, `msgraph`, `github`. */
  idp: string;
  /** The provider instance id from config. */
  id: string;
  source: OrgSource;
  mapping: Omit<MapOptions, 'providerName'>;
  /** Read at every run, so a config change (e.g. a new `guard.acceptPlan`) takes effect without a restart. */
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
  /** Change signals of this provider (poll, push, events); none → only scheduled runs. */
  changes?: OrgChangeSignals;
  changeOptions?: ChangeOptions;
  /** What happens to people and groups who leave the IdP; default: deleted at once. */
  leavers?: LeaverOptions;
  /** `linkTo`: this provider's accounts join the people source's Users instead of emitting their own. */
  linking?: LinkOptions;
}

export type RunOutcome = 'applied' | 'read-failed' | 'guarded';

/** What a dry run would do (`dryRun()`): entities as they would be applied, and refs (lower-case) that would go. */
export interface RunPlan {
  added: Entity[];
  changed: Entity[];
  /** Removed from the catalog (departed entities past `leavers.retainFor` included). */
  removed: string[];
  /** People and groups who would leave now and be kept as departed (`leavers.mode: retain`). */
  departed: string[];
}

/** Observers of a provider's runs (the operations API's run history and metrics). */
export interface RunHooks {
  /** Every finished run except dry runs; a failing hook is logged, never fails the run. */
  runFinished?(result: RunResult & { runId: string }): Promise<void>;
  /** A change delivery reached this provider: a push to its receiver (accepted: answered below 400) or an event. */
  deliveryNoted?(delivery: { via: 'push' | 'event'; accepted: boolean }): void;
}

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
  plan?: RunPlan;
  /**
   * Acceptances of held plans this run took (`guard.acceptPlan` not spent yet, the operations API's pending one): each
   * is for this one run, `applied` when its plan was this run's, else `dropped`.
   */
  acceptances?: SpentAcceptance[];
  /** A linked provider's (`linkTo`) accounts: how many joined a person, and those that did not, with why. */
  links?: LinkReport;
  /** People this run removed who still hold an account of a linked source (e.g. still members of the GitHub org). */
  stillLinked?: Array<{ person: string; account: string; where: string }>;
  /**
   * IdP requests of a scheduled read and how many the IdP throttled, as the source last reported them
   * (`reportProgress`); absent when it reported none, and on change runs (`readRecords` reports no progress).
   */
  requests?: { total: number; rateLimited: number };
}

const CHANGE_RUN_TIMEOUT_MS = 5 * 60_000;
/** Entities per catalog mutation when a list is applied as deltas. */
const APPLY_SLICE = 2000;
const CHANGES_PER_ROUND = 1000;
const MAX_ROUNDS = 50;
/** Deliveries arriving within this time of each other are read together. */
const COALESCE_MS = 250;

/**
 * One configured provider instance, shaped like an informer: a scheduled
 * read lists the org (or reads a delta since its cursor), change signals name
 * records that changed, which are re-read and applied as a delta between
 * scheduled reads. Records live in the record store; only entities that
 * differ are applied. Any failure before the apply leaves the catalog as it was.
 */
export class OrgEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private running: Promise<unknown> = Promise.resolve();
  private last?: RunResult;
  private readonly name: string;
  private readonly logger: LoggerService;
  private kick?: { timer?: NodeJS.Timeout; again: boolean; busy: boolean };
  private readonly hooks: RunHooks[] = [];
  /** The spent `guard.acceptPlan` value this process has said so of already. */
  private spentAcceptPlanNoted?: string;

  /** Identity links of every provider: written when this one is linked, read for the people this one removes. */
  private readonly links?: LinkStore;
  private readonly linker?: AccountLinker;
  private refreshEntities?: (refs: string[]) => Promise<void>;

  constructor(private readonly options: OrgEntityProviderOptions) {
    this.name = options.providerName ?? `${options.idp}:${options.id}`;
    this.logger = options.logger.child({ provider: this.name });
    this.links = options.stateStore.linkStore?.();
    if (options.linking && this.links) this.linker = new AccountLinker(this.name, options.linking, this.links, name => options.stateStore.recordStore(name));
  }

  /** True when this provider links its accounts to a people source (`linkTo`). */
  get linksAccounts(): boolean {
    return this.linker !== undefined;
  }

  /** The link store, for the catalog processor that adds linked accounts to people. */
  get identityLinks(): LinkStore | undefined {
    return this.linker ? this.links : undefined;
  }

  /** How to ask the catalog to process entities again now (people whose linked accounts changed); without it they follow at the catalog's processing interval. */
  useEntityRefresh(refresh: (refs: string[]) => Promise<void>): void {
    this.refreshEntities = refresh;
  }

  getProviderName(): string {
    return this.name;
  }

  /** The provider instance id from config. */
  get id(): string {
    return this.options.id;
  }

  /** Short IdP name (`okta`, `msgraph`, `github`, …). */
  get idp(): string {
    return this.options.idp;
  }

  /** The scheduled run's schedule, when the provider runs itself. */
  get schedule(): SchedulerServiceTaskScheduleDefinition | undefined {
    return this.options.scheduler ? this.options.schedule : undefined;
  }

  /** The scheduler's id of the scheduled run (for `triggerTask`). */
  get refreshTaskId(): string {
    return `${this.name}:refresh`;
  }

  /** The name this provider's naming strategy asks for a record, before it is made valid or a collision resolved. */
  wantedName(kind: RecordKind, record: OrgUserRecord | OrgGroupRecord): string {
    return kind === 'user'
      ? rawUserName(record as OrgUserRecord, this.options.mapping.userNaming).raw
      : rawGroupName(record as OrgGroupRecord, this.options.mapping.groupNaming).raw;
  }

  /** Adds observers of this provider's runs. */
  addRunHooks(hooks: RunHooks): void {
    this.hooks.push(hooks);
  }

  /** The outcome of the most recent run on this process, if any. */
  lastRun(): RunResult | undefined {
    return this.last;
  }

  /** The change signals this provider listens to. */
  get changeSignals(): OrgChangeSignals | undefined {
    return this.options.changes;
  }

  get changeOptions(): ChangeOptions {
    return this.options.changeOptions ?? defaultChangeOptions;
  }

  get changesTaskId(): string {
    return `${this.name}:changes`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    const { scheduler, schedule, changes } = this.options;
    if (!scheduler) return;
    if (schedule) {
      await scheduler.scheduleTask({
        id: this.refreshTaskId,
        ...schedule,
        // Always global: replicas share one run (a local task would run once per replica).
        scope: 'global',
        fn: async signal => {
          await this.run({ signal: signal as AbortSignal | undefined });
        },
      });
    }
    if (changes && (changes.poller || changes.receiver || changes.subscriber)) {
      await scheduler.scheduleTask({
        id: this.changesTaskId,
        frequency: { milliseconds: this.changeOptions.intervalMs },
        timeout: { milliseconds: CHANGE_RUN_TIMEOUT_MS },
        scope: 'global',
        fn: async signal => {
          await this.processChanges({ signal: signal as AbortSignal | undefined });
        },
      });
    }
  }

  /** Runs one scheduled sync now. Runs on one process happen one after the other; across replicas, one at a time per provider. */
  run(options: { signal?: AbortSignal } = {}): Promise<RunResult> {
    return this.serialized(() => this.withLease(options.signal, signal => this.scheduledRun(signal)));
  }

  /**
   * Reads the IdP as the next scheduled run would and answers what it would apply (`plan`, with the guard's
   * decision), without applying or saving anything. Takes no lease: it writes nothing.
   */
  dryRun(options: { signal?: AbortSignal } = {}): Promise<RunResult> {
    return this.scheduledRun(options.signal ?? new AbortController().signal, true);
  }

  /**
   * Polls the change feed (if any), keeps receivers' subscriptions alive, and
   * applies what change signals queued: the named records are re-read from
   * the IdP and applied as a delta. Undefined when another replica is
   * applying for this provider (the queue waits for the next round).
   */
  processChanges(options: { signal?: AbortSignal } = {}): Promise<RunResult | undefined> {
    return this.serialized(() => this.changeRun(options.signal ?? new AbortController().signal));
  }

  /** Queues what a change signal named and starts processing it on this replica (or, when busy elsewhere, on the next round). */
  async notify(hints: OrgChangeHints, origin: string): Promise<void> {
    const queued = await this.options.stateStore.changeQueue(this.name).add(hints);
    if (queued.entries === 0) return;
    if (queued.overflow) this.logOverflow(origin, queued.overflow);
    else this.logger.debug(`${this.name}: ${origin} named ${describeRequest(hints)}${hints.resync ? `, asked for a full read (${hints.resync})` : ''}${hints.deferrable ? ' (deferred to the next change round)' : ''}`);
    if (!hints.deferrable || hints.resync || queued.overflow) this.kickChanges();
  }

  private logOverflow(origin: string, overflow: string): void {
    this.logger.warn(`${this.name}: ${origin} ${overflow}; one full read is queued instead`);
  }

  /** Delivery keys this provider's receivers took, shared by replicas (replay protection). */
  deliveryLog(): OrgDeliveryLog {
    return this.options.stateStore.deliveryLog(this.name);
  }

  /** Counts a change delivery (for metrics): a push answered by the receiver, or an event heard. */
  noteDelivery(delivery: { via: 'push' | 'event'; accepted: boolean }): void {
    for (const hooks of this.hooks) hooks.deliveryNoted?.(delivery);
  }

  private kickChanges(): void {
    if (!this.connection) return; // not connected yet: the first round picks the queue up
    const kick = (this.kick ??= { again: false, busy: false });
    if (kick.busy) {
      kick.again = true;
      return;
    }
    if (kick.timer) return;
    kick.timer = setTimeout(() => {
      kick.timer = undefined;
      kick.busy = true;
      kick.again = false;
      this.processChanges()
        .catch(error => this.logger.error(`${this.name}: processing changes failed: ${this.describe(error)}`))
        .finally(() => {
          kick.busy = false;
          if (kick.again) this.kickChanges();
        });
    }, COALESCE_MS);
    kick.timer.unref?.();
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const next = this.running.then(task);
    this.running = next.catch(() => undefined);
    return next;
  }

  private async withLease(outer: AbortSignal | undefined, task: (signal: AbortSignal) => Promise<RunResult>): Promise<RunResult> {
    const signal = outer ?? new AbortController().signal;
    const lease = this.options.stateStore.lease(this.name);
    const ttl = timeoutMs(this.options.schedule) + 60_000;
    if (!(await lease.acquire(ttl, ttl, signal))) {
      const result = this.newResult('schedule');
      result.error = 'another replica kept applying changes for this provider for the whole run timeout';
      this.logger.error(`${this.name}: ${result.error}; nothing read`);
      return this.finish(result);
    }
    try {
      return await task(signal);
    } finally {
      await lease.release().catch(() => undefined);
    }
  }

  private newResult(trigger: RunResult['trigger']): RunResult {
    return {
      providerName: this.name,
      runId: randomUUID(),
      outcome: 'read-failed',
      startedAt: new Date().toISOString(),
      trigger,
      counts: { users: 0, groups: 0, added: 0, changed: 0, removed: 0, restored: 0, refused: 0, skipped: 0, touched: 0, departed: 0 },
      durationsMs: { read: 0, map: 0, check: 0, guard: 0, apply: 0, save: 0, total: 0 },
    };
  }

  private async finish(result: RunResult): Promise<RunResult> {
    result.durationsMs.total = Date.now() - Date.parse(result.startedAt);
    if (result.trigger === 'dry-run') return result;
    this.last = result;
    for (const hooks of this.hooks) {
      await hooks.runFinished?.({ ...result, runId: result.runId ?? randomUUID() }).catch(error => this.logger.warn(`${this.name}: cannot record this run: ${this.describe(error)}`));
    }
    return result;
  }

  /**
   * The guard's config with the acceptances this run takes (any run that evaluates the guard takes them, and spends
   * them whatever its plan); a dry run only looks. Without them (the database failed) the guard holds as configured.
   */
  private async guardConfig(result: RunResult, dryRun = false): Promise<{ config: DeletionGuardConfig; acceptances: PlanAcceptance[] }> {
    const config = this.options.guard();
    try {
      const acceptances = await acceptancesForRun(
        this.options.stateStore.planAcceptances(this.name),
        { planId: config.acceptPlan, key: `${this.options.configPath}.guard.acceptPlan` },
        { runId: result.runId ?? randomUUID(), dryRun },
      );
      if (!dryRun && config.acceptPlan && !acceptances.some(a => a.via === 'config')) await this.noteSpentAcceptPlan(config.acceptPlan);
      return { config: guardConfigWith(config, acceptances), acceptances };
    } catch (error) {
      this.logger.warn(`${this.name}: cannot read accepted plans, the guard holds as configured: ${this.describe(error)}`);
      return { config: guardConfigWith(config, []), acceptances: [] };
    }
  }

  /** Says once per value on this process that a configured `guard.acceptPlan` was spent and accepts nothing more. */
  private async noteSpentAcceptPlan(planId: string): Promise<void> {
    if (this.spentAcceptPlanNoted === planId) return;
    this.spentAcceptPlanNoted = planId;
    const spent = await this.options.stateStore
      .planAcceptances(this.name)
      .spentConfigPlan()
      .catch(() => undefined);
    this.logger.info(
      `${this.name}: ${this.options.configPath}.guard.acceptPlan "${planId}" was spent by run ${spent?.runId ?? '?'} at ${spent?.spentAt ?? '?'} and accepts nothing more; ` +
        'remove it (setting another plan id is a new acceptance, for the next run)',
    );
  }

  /** Notes what this run did with the acceptances it took, in its result and the log. */
  private settleAcceptances(result: RunResult, decision: GuardDecision, acceptances: PlanAcceptance[]): void {
    if (!acceptances.length) return;
    result.acceptances = spentAcceptances(acceptances, decision);
    for (const acceptance of result.acceptances) {
      this.logger.warn(`${this.name}: ${describeSpentAcceptance(acceptance, decision)}`, { planId: acceptance.planId, runId: result.runId, acceptance: acceptance.outcome });
    }
  }

  /** A dry run's answer: what differs from what was applied last, and what would go. */
  private planned(result: RunResult, entities: Entity[], baseline: Record<string, string>, retained: Retained[], removed: string[]): RunResult {
    const retainedRefs = new Set(retained.map(r => r.ref));
    const plan: RunPlan = { added: [], changed: [], removed, departed: retained.filter(r => r.newlyDeparted).map(r => r.ref) };
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

  private async scheduledRun(signal: AbortSignal, dryRun = false): Promise<RunResult> {
    const connection = this.requireConnection();
    const result = this.newResult(dryRun ? 'dry-run' : 'schedule');
    const started = Date.parse(result.startedAt);
    let previous: AppliedState | undefined;
    try {
      previous = await this.options.stateStore.getAppliedState(this.name);
    } catch (error) {
      result.error = `cannot read the last applied state: ${this.describe(error)}`;
      this.logger.error(`${this.name}: ${result.error}; nothing read or applied`);
      return this.finish(result);
    }
    const previousRead = previous?.recordsComplete ? await this.previousRead(started) : undefined;
    this.logger.info(
      `${this.name}: ${dryRun ? 'dry run' : 'sync'} started (${previousRead ? `incremental: changes since ${previousRead.readAt}, last full read ${previousRead.fullReadAt}` : 'full read'})`,
    );

    let read: OrgReadResult | undefined;
    let mark = Date.now();
    const stats: ReadStats = {};
    try {
      read = await this.read(signal, previousRead, readBoundsAfter(previous && countKinds(Object.keys(previous.entities))), stats);
    } catch (error) {
      result.requests = requestsOf(stats);
      result.durationsMs.read = Date.now() - mark;
      result.error = this.describe(error);
      this.logger.error(`${this.name}: read failed, nothing applied, the catalog keeps what it had: ${result.error}`, {
        outcome: 'read-failed',
        trigger: result.trigger,
        runId: result.runId,
        readMs: result.durationsMs.read,
      });
      return this.finish(result);
    }
    result.requests = requestsOf(stats);
    result.durationsMs.read = Date.now() - mark;
    if (isDeltaResult(read)) {
      if (!previous || !previousRead) {
        result.error = 'the source returned a delta although it was given no previous read to build on';
        this.logger.error(`${this.name}: ${result.error}; nothing applied`);
        return this.finish(result);
      }
      result.readMode = 'delta';
      const cursor = { value: read.cursor, readAt: result.startedAt, fullReadAt: previousRead.fullReadAt };
      mark = Date.now();
      const held = await this.catalogHoldings();
      result.durationsMs.check = Date.now() - mark;
      if (!held) {
        // Without the catalog's view only a full mutation makes sure it holds everything: the delta on top of the store, as a list.
        const all = withDelta(await previousRead.records.all(), read.delta);
        return this.applyList({ snapshot: all }, { result, previous, connection, signal, cursor, dryRun });
      }
      return this.applyDelta(read.delta, { result, previous, connection, signal, cursor, held, dryRun });
    }
    result.readMode = previousRead && read.readMode === 'incremental' ? 'incremental' : 'full';
    if (previousRead && result.readMode === 'full') {
      this.logger.info(`${this.name}: the source could not build on the last read and read everything`);
    }
    const fullReadAt = result.readMode === 'incremental' && previousRead ? previousRead.fullReadAt : result.startedAt;
    const cursor = { value: read.cursor, readAt: result.startedAt, fullReadAt };
    const list = { snapshot: read as OrgSnapshot | undefined };
    read = undefined; // the list holder below lets the records go once they are stored
    return this.applyList(list, { result, previous, connection, signal, cursor, dryRun });
  }

  /** A list: the whole org is mapped; removals are what the store held and the list no longer has. */
  private async applyList(
    list: { snapshot?: OrgSnapshot },
    run: { result: RunResult; previous?: AppliedState; connection: EntityProviderConnection; signal: AbortSignal; cursor: Cursor; dryRun?: boolean },
  ): Promise<RunResult> {
    const { result, previous, connection, signal } = run;
    let mark = Date.now();
    const departures = await this.departuresInList(list.snapshot!, previous);
    let links: LinkPlan | undefined;
    try {
      links = await this.linker?.planList(list.snapshot!.users ?? []);
    } catch (error) {
      return this.linkingFailed(result, error);
    }
    let mapped: MappedOrg | undefined = await mapSnapshot(list.snapshot!, {
      ...this.options.mapping,
      ...this.linkedMapping(links),
      providerName: this.name,
      previousNames: previous?.names && {
        users: new Map(Object.entries(previous.names.users)),
        groups: new Map(Object.entries(previous.names.groups)),
      },
      reserved: reservedNames(departures.retained),
    });
    result.durationsMs.map = Date.now() - mark;
    logMappingReport(this.logger, mapped.report);
    const retained = departures.retained;
    result.counts.users = mapped.users.length;
    result.counts.groups = mapped.groups.length;
    result.counts.skipped = mapped.report.skipped.length;
    result.counts.departed = retained.filter(r => r.newlyDeparted).length;
    result.links = links?.report;

    mark = Date.now();
    // From here on the run holds the org as JSON (records as they will be stored, entities as they are hashed), not
    // as objects: at 50,000 people the objects cost several times as much, and the catalog's apply comes on top.
    const records = serializeRecords(list.snapshot!);
    list.snapshot = undefined;
    const entities = new EntityList();
    for (const entity of [...mapped.users, ...mapped.groups, ...retained.map(r => r.entity)]) entities.add(entity);
    const { refs, hashes } = entities;
    const memberCounts = countMembers(mapped.groups, refs.slice(mapped.users.length, mapped.users.length + mapped.groups.length));
    const recordRefs = mapped.refs;
    mapped = undefined;
    const baseline = previous?.entities ?? {};
    const locationKey = this.locationKey;
    const held = await this.catalogHoldings();
    const drift = held && catalogDrift(hashes, baseline, held, locationKey);
    result.durationsMs.check = Date.now() - mark;

    mark = Date.now();
    // What the catalog still attributes to us counts as ours: removing it is a removal like any other.
    // A departure counts as a removal whether the entity goes or is kept as departed; one kept earlier is not counted again.
    for (const r of retained) if (r.kind === 'group') memberCounts[r.ref] = 0;
    const retainedRefs = new Set(retained.map(r => r.ref));
    const guard = await this.guardConfig(result, run.dryRun);
    const decision = evaluateDeletionGuard(
      [...Object.keys(baseline).filter(ref => !previous?.departed.has(ref)), ...(drift?.stray ?? [])],
      Object.keys(hashes).filter(ref => !retainedRefs.has(ref)),
      guard.config,
      previous?.memberCounts && { before: previous.memberCounts, after: memberCounts },
    );
    result.guard = decision;
    result.durationsMs.guard = Date.now() - mark;
    const removed = [...new Set([...decision.removedUsers, ...decision.removedGroups].filter(ref => !retainedRefs.has(ref)).concat(departures.expired))];
    if (run.dryRun) return this.planned(result, entities.entities(), baseline, retained, removed);
    this.settleAcceptances(result, decision, guard.acceptances);
    if (!this.guardAllows(result, decision, 'this run')) return this.finish(result);
    for (const [ref, hash] of Object.entries(hashes)) {
      if (retainedRefs.has(ref)) continue;
      if (!(ref in baseline)) result.counts.added++;
      else if (baseline[ref] !== hash) result.counts.changed++;
    }
    result.counts.removed = removed.length;
    this.logDepartures(retained, departures.expired);
    if (drift) this.logDrift(drift);
    result.counts.restored = drift ? drift.missing.length + drift.altered.length : 0;
    if (this.abortedBeforeApply(result, signal)) return this.finish(result);

    // The records are stored before the apply, so this run's records need not stay in memory next to the
    // catalog's own work. Should the apply then fail, the next run's catalog check finds what is missing.
    mark = Date.now();
    let rows = withRetained(listRows(records, recordRefs, hashes, memberCounts), retained, hashes);
    records.clear();
    const recordStore = this.options.stateStore.recordStore(this.name);
    await recordStore.replace(rows, previous?.index ?? []);
    // Only the entity columns are needed from here on (for what the catalog refuses).
    rows = rows.map(({ record: _record, recordJson: _json, ...entity }) => entity);
    result.durationsMs.save = Date.now() - mark;

    mark = Date.now();
    if (drift) {
      // Only what differs from what the catalog holds: new or changed in the IdP, or deleted or altered in the catalog;
      // with what the catalog attributes to us but we no longer emit removed, the catalog ends up holding exactly the
      // list, as a full mutation would leave it. In slices, so the catalog never works on the whole org at once (a
      // full mutation of a large org costs the catalog hundreds of MB). Without the catalog's view (drift undefined)
      // a full mutation is the only way to be sure.
      const toApply = entities.positionsOf(new Set(drift.toApply));
      if (removed.length) await connection.applyMutation({ type: 'delta', added: [], removed: removed.map(entityRef => ({ entityRef, locationKey })) });
      for (let i = 0; i < toApply.length; i += APPLY_SLICE) {
        const slice = entities.entities(toApply.slice(i, i + APPLY_SLICE));
        await connection.applyMutation({ type: 'delta', added: slice.map(entity => ({ entity, locationKey })), removed: [] });
      }
    } else {
      await connection.applyMutation({ type: 'full', entities: entities.entities().map(entity => ({ entity, locationKey })) });
    }
    result.durationsMs.apply = Date.now() - mark;
    mark = Date.now();
    const refused = await this.refusedByCatalog(drift ? drift.toApply : refs, hashes);
    for (const ref of refused) if (!(ref in baseline)) result.counts.added--;
    result.counts.refused = refused.length;
    result.durationsMs.check += Date.now() - mark;

    mark = Date.now();
    await this.forgetRefused(refused, rows);
    await this.saveRun(run.cursor);
    await this.saveLinks(links);
    await this.reportStillLinked(result, removed);
    // A list covers every change named before it started, and sets a new baseline for the changes' window.
    await this.options.stateStore.changeQueue(this.name).doneBefore(Date.parse(result.startedAt));
    await this.options.stateStore.removalWindow(this.name).clear();
    result.durationsMs.save += Date.now() - mark;
    return this.applied(result);
  }

  /** Who had an entity and is gone from this list (absent, or inactive), and which of them stay as departed. */
  private async departuresInList(snapshot: OrgSnapshot, previous: AppliedState | undefined): Promise<DeparturePlan> {
    if (!previous) return { retained: [], expired: [] };
    const listed = {
      user: new Map((snapshot.users ?? []).map(u => [u?.id, u])),
      group: new Map((snapshot.groups ?? []).map(g => [g?.id, g])),
    };
    const candidates = previous.index
      .filter(entry => entry.entityRef)
      .map(entry => ({ entry, presence: presenceInList(entry.kind, listed[entry.kind].get(entry.id), this.options.leavers?.absentReason) }));
    return this.planDepartures(candidates);
  }

  private planDepartures(candidates: Array<{ entry: RecordIndexEntry; presence: Presence }>): Promise<DeparturePlan> {
    const leavers = this.options.leavers ?? defaultLeaverOptions;
    return planDepartures(
      candidates,
      {
        ...leavers,
        now: Date.now(),
        location: this.options.mapping.location ?? `org-sync:${this.name}`,
        defaultGroupType: this.options.mapping.defaultGroupType ?? 'team',
      },
      this.options.stateStore.recordStore(this.name).reader(),
    );
  }

  private linkingFailed(result: RunResult, error: unknown): Promise<RunResult> {
    result.error = this.describe(error);
    this.logger.error(`${this.name}: cannot link accounts to people, nothing applied, the catalog keeps what it had: ${result.error}`);
    // Typically the people source has not applied its first run yet: run again as soon as it has, not an interval later.
    if (this.options.linking && this.options.scheduler && this.options.schedule) wakeAfterApplied(this.options.linking.peopleSource, this.runAgain);
    return this.finish(result);
  }

  private readonly runAgain = () => {
    this.options.scheduler?.triggerTask(this.refreshTaskId).catch(error => this.logger.info(`${this.name}: not run again now: ${this.describe(error)}`));
  };

  private linkedMapping(links: LinkPlan | undefined): Partial<MapOptions> {
    return links ? { linkedUsers: links.linkedUsers, keepLinkedUsers: this.options.linking?.keepLinkedUsers } : {};
  }

  /** Keeps the links of an applied run and has the catalog process the people whose accounts changed. */
  private async saveLinks(links: LinkPlan | undefined): Promise<void> {
    if (!links || !this.linker) return;
    await this.linker.save(links);
    logLinkReport(this.logger, this.name, links.report);
    if (!links.changedPeople.length || !this.refreshEntities) return;
    await this.refreshEntities(links.changedPeople).catch(error =>
      this.logger.warn(`${this.name}: cannot ask the catalog to process linked people again (they follow at its processing interval): ${this.describe(error)}`),
    );
  }

  /** People this run removed who still hold accounts of linked sources: the offboarding gap, said out loud. */
  private async reportStillLinked(result: RunResult, removed: string[]): Promise<void> {
    const people = removed.filter(ref => ref.startsWith('user:'));
    if (!this.links || !people.length) return;
    try {
      const still = await this.links.linkedTo(people);
      if (!still.length) return;
      result.stillLinked = still.map(l => ({ person: l.personRef!, account: l.accountLogin ?? l.accountId, where: l.where ?? l.linkedProvider }));
      logStillLinked(this.logger, this.name, result.stillLinked);
    } catch (error) {
      this.logger.warn(`${this.name}: cannot look up the linked accounts of people who left: ${this.describe(error)}`);
    }
  }

  private logDepartures(retained: Retained[], expired: string[]): void {
    const now = retained.filter(r => r.newlyDeparted);
    if (now.length) {
      this.logger.info(`${this.name}: ${now.length} left and ${now.length === 1 ? 'is' : 'are'} kept as departed (leavers.mode: retain): ${sampleList(now, r => `${r.ref} (${r.departure})`)}`);
    }
    if (expired.length) this.logger.info(`${this.name}: ${expired.length} departed past leavers.retainFor, removed: ${sampleList(expired, r => r)}`);
  }

  /** A delta: only the touched records are re-mapped, only entities that differ are applied. */
  private async applyDelta(
    delta: OrgDelta,
    run: { result: RunResult; previous: AppliedState; connection: EntityProviderConnection; signal: AbortSignal; cursor?: Cursor; held?: Map<string, HeldEntity>; dryRun?: boolean },
  ): Promise<RunResult> {
    const { result, previous, connection, signal } = run;
    const recordStore = this.options.stateStore.recordStore(this.name);
    const check = run.held && this.driftAgainstStore(previous, run.held);
    let mark = Date.now();
    let links: LinkPlan | undefined;
    try {
      links = await this.linker?.planDelta(delta.users.upserted, delta.users.deleted);
    } catch (error) {
      return this.linkingFailed(result, error);
    }
    const plan = await planDelta(delta, previous, recordStore.reader(), { ...this.options.mapping, ...this.linkedMapping(links), providerName: this.name }, check?.restore);
    result.links = links?.report;
    result.durationsMs.map = Date.now() - mark;
    logMappingReport(this.logger, plan.mapped.report);
    result.counts.users = plan.users;
    result.counts.groups = plan.groups;
    result.counts.skipped = plan.mapped.report.skipped.length;
    result.counts.touched = plan.touched.users + plan.touched.groups;
    // Who leaves with this delta and is kept as departed: a removal for the guard, an entity to apply for the catalog.
    const retained = await this.departuresInDelta(delta, previous, plan.removed);
    const retainedRefs = new Set(retained.map(r => r.ref));
    for (const r of retained) plan.toApply.push({ ref: r.ref, entity: r.entity, hash: entityHash(r.entity) });
    keepRetainedRows(plan, retained);
    result.counts.departed = retained.filter(r => r.newlyDeparted).length;
    const removed = [...new Set([...plan.removed, ...(check?.stray ?? [])])];
    // Departed entities past leavers.retainFor go with any run, not only with the next list.
    const expired = expiredDepartures(previous, this.options.leavers ?? defaultLeaverOptions, retainedRefs, plan);
    const removedFromCatalog = [...new Set([...removed.filter(ref => !retainedRefs.has(ref)), ...expired])];
    if (expired.length) this.logDepartures([], expired);

    mark = Date.now();
    // Change runs count removals over the rolling window (a burst of events is held like a list that removes too much);
    // a scheduled delta read is judged on its own, like a list. Earlier removals count only when this delta removes
    // too: a delta that removes nothing is never held.
    const windowed = result.trigger === 'changes';
    const window = this.options.stateStore.removalWindow(this.name);
    const removesSomething = removed.length > 0 || Object.entries(plan.memberCounts.after).some(([ref, n]) => n < (plan.memberCounts.before[ref] ?? 0));
    const earlier = windowed && removesSomething ? await window.since(Date.now() - this.changeOptions.guardWindowMs) : [];
    const baseline = new Set([...Object.keys(previous.entities), ...earlier, ...(check?.stray ?? [])]);
    const gone = new Set([...earlier, ...removed]);
    const guard = await this.guardConfig(result, run.dryRun);
    const decision = evaluateDeletionGuard(baseline, [...baseline].filter(ref => !gone.has(ref)), guard.config, plan.memberCounts);
    result.guard = decision;
    result.durationsMs.guard = Date.now() - mark;
    if (run.dryRun) return this.planned(result, plan.toApply.map(({ entity }) => entity), previous.entities, retained, removedFromCatalog);
    this.settleAcceptances(result, decision, guard.acceptances);
    const what = windowed ? `these changes (removals within ${Math.round(this.changeOptions.guardWindowMs / 60_000)} minutes count together)` : 'this run';
    if (!this.guardAllows(result, decision, what)) return this.finish(result);
    for (const { ref } of plan.toApply) {
      if (retainedRefs.has(ref)) continue;
      if (!(ref in previous.entities)) result.counts.added++;
      else if (!check?.restoreRefs.has(ref)) result.counts.changed++;
    }
    result.counts.removed = removedFromCatalog.length;
    this.logDepartures(retained, []);
    result.counts.restored = check?.restoreRefs.size ?? 0;
    if (this.abortedBeforeApply(result, signal)) return this.finish(result);

    mark = Date.now();
    const locationKey = this.locationKey;
    if (plan.toApply.length || removedFromCatalog.length) {
      await connection.applyMutation({
        type: 'delta',
        added: plan.toApply.map(({ entity }) => ({ entity, locationKey })),
        removed: removedFromCatalog.map(entityRef => ({ entityRef, locationKey })),
      });
    }
    result.durationsMs.apply = Date.now() - mark;
    mark = Date.now();
    const hashes = Object.fromEntries(plan.toApply.map(({ ref, hash }) => [ref, hash]));
    const refused = await this.refusedByCatalog(plan.toApply.map(({ ref }) => ref), hashes);
    for (const ref of refused) if (!(ref in previous.entities)) result.counts.added--;
    result.counts.refused = refused.length;
    result.durationsMs.check += Date.now() - mark;

    mark = Date.now();
    for (const row of plan.rows) if (row.entityRef && refused.includes(row.entityRef.toLowerCase())) row.entityHash = undefined;
    await recordStore.update(plan.rows, plan.deletedRows);
    // An accepted plan starts a new window: what the operator accepted is not held against the next removal.
    if (decision.accepted) await window.clear();
    else if (windowed) await window.add(removed.filter(ref => !earlier.includes(ref)));
    await this.saveRun(run.cursor);
    await this.saveLinks(links);
    await this.reportStillLinked(result, removedFromCatalog);
    result.durationsMs.save = Date.now() - mark;
    return this.applied(result);
  }

  /** Among the refs a delta removes, those of people and groups who left (deleted, or inactive now) and are kept as departed. */
  private async departuresInDelta(delta: OrgDelta, previous: AppliedState, removed: string[]): Promise<Retained[]> {
    if ((this.options.leavers ?? defaultLeaverOptions).mode !== 'retain' || removed.length === 0) return [];
    const entryByRef = new Map(previous.index.filter(e => e.entityRef).map(e => [e.entityRef!.toLowerCase(), e]));
    const upserted = new Map(delta.users.upserted.map(u => [u.id, u]));
    const deleted = { user: new Set(delta.users.deleted), group: new Set(delta.groups.deleted) };
    const candidates = removed.flatMap(ref => {
      const entry = entryByRef.get(ref);
      if (!entry) return [];
      const presence: Presence = deleted[entry.kind].has(entry.id)
        ? presenceInList(entry.kind, undefined, this.options.leavers?.absentReason)
        : entry.kind === 'user' && upserted.get(entry.id)?.active === false
          ? presenceInList('user', upserted.get(entry.id))
          : entry.departedAt !== undefined
            ? { present: false, reason: entry.departure ?? 'no longer in the IdP' }
            : { present: true };
      return [{ entry, presence }];
    });
    return (await this.planDepartures(candidates)).retained;
  }

  /** What the catalog holds compared with the store: entities to re-apply (by record) and stray refs to remove. */
  private driftAgainstStore(previous: AppliedState, held: Map<string, HeldEntity>): { restore: { users: string[]; groups: string[] }; restoreRefs: Set<string>; stray: string[] } {
    const drift = catalogDrift(previous.entities, previous.entities, held, this.locationKey);
    const restoreRefs = new Set([...drift.missing, ...drift.altered]);
    const restore = { users: [] as string[], groups: [] as string[] };
    for (const entry of previous.index) {
      // Entities the catalog refused before (no hash kept) are offered again every run, as a list run does.
      const refusedBefore = entry.entityRef && !entry.entityHash;
      if (entry.entityRef && (refusedBefore || restoreRefs.has(entry.entityRef.toLowerCase()))) restore[entry.kind === 'user' ? 'users' : 'groups'].push(entry.id);
    }
    if (restoreRefs.size || drift.stray.length) this.logDrift({ ...drift, toApply: [] });
    return { restore, restoreRefs, stray: drift.stray };
  }

  private async changeRun(signal: AbortSignal): Promise<RunResult | undefined> {
    const changes = this.options.changes ?? {};
    const state = this.options.stateStore;
    if (changes.poller) await this.poll(signal);
    if (changes.receiver?.maintain) await this.maintainReceiver(signal);
    const queue = state.changeQueue(this.name);
    if ((await queue.size()) === 0) return undefined;
    const lease = state.lease(this.name);
    if (!(await lease.tryAcquire(CHANGE_RUN_TIMEOUT_MS))) return undefined; // another replica is applying: the queue waits
    let last: RunResult | undefined;
    try {
      for (let round = 0; round < MAX_ROUNDS && !signal.aborted; round++) {
        const pending = await queue.peek(CHANGES_PER_ROUND);
        if (pending.taken.length === 0) break;
        const previous = await state.getAppliedState(this.name);
        const source = this.options.source;
        if (pending.resync || !previous?.recordsComplete || !source.readRecords) {
          this.logger.info(
            `${this.name}: ${pending.resync ? 'a change signal lost track of changes' : !previous ? 'nothing applied yet' : !source.readRecords ? 'the source cannot re-read single records' : 'the record store is not complete yet'}; making a scheduled-style read now`,
          );
          await lease.tryAcquire(timeoutMs(this.options.schedule) + 60_000); // ours already: extended for a read of everything
          last = await this.scheduledRun(signal);
          break;
        }
        last = await this.readAndApplyRecords(pending, previous, signal);
        if (last.outcome !== 'applied') break; // failed or held: the queue keeps the changes for the next round
        await queue.done(pending.taken);
      }
    } finally {
      await lease.release().catch(() => undefined);
    }
    return last;
  }

  private async readAndApplyRecords(pending: PendingChanges, previous: AppliedState, signal: AbortSignal): Promise<RunResult> {
    const connection = this.requireConnection();
    const result = this.newResult('changes');
    result.readMode = 'records';
    const mark = Date.now();
    const source = this.options.source;
    const request = recordRequestFor(pending, !!source.readsMemberships);
    let delta: OrgDelta;
    try {
      delta = await source.readRecords!(request, { signal, records: this.options.stateStore.recordStore(this.name).reader() });
      checkDelta(delta);
    } catch (error) {
      result.durationsMs.read = Date.now() - mark;
      result.error = this.describe(error);
      this.logger.error(`${this.name}: re-reading ${describeRequest(request)} named by change signals failed, nothing applied (retried next round): ${result.error}`);
      return this.finish(result);
    }
    result.durationsMs.read = Date.now() - mark;
    return this.applyDelta(delta, { result, previous, connection, signal });
  }

  private async poll(signal: AbortSignal): Promise<void> {
    const store = this.options.stateStore.signalState(this.name, 'poller');
    try {
      const cursor = await store.get();
      const { hints, cursor: next } = await this.options.changes!.poller!.poll({ cursor, signal });
      const queued = await this.options.stateStore.changeQueue(this.name).add(hints);
      if (queued.overflow) this.logOverflow('the change feed', queued.overflow);
      await store.set(next);
      const named = (hints.users?.length ?? 0) + (hints.groups?.length ?? 0) + (hints.memberships?.length ?? 0);
      if (named || hints.resync) this.logger.info(`${this.name}: the change feed named ${describeRequest(hints)}${hints.resync ? ` and asked for a full read (${hints.resync})` : ''}`);
    } catch (error) {
      this.logger.warn(`${this.name}: polling the change feed failed (tried again next round): ${this.describe(error)}`);
    }
  }

  private async maintainReceiver(signal: AbortSignal): Promise<void> {
    const store = this.options.stateStore.signalState(this.name, 'receiver');
    try {
      const next = await this.options.changes!.receiver!.maintain!({ state: await store.get(), signal, logger: this.logger });
      await store.set(next);
    } catch (error) {
      this.logger.warn(`${this.name}: keeping the change subscription alive failed (tried again next round): ${this.describe(error)}`);
    }
  }

  private guardAllows(result: RunResult, decision: GuardDecision, what: string): boolean {
    if (!decision.allowed) {
      result.outcome = 'guarded';
      this.logger.error(guardRefusalMessage(this.name, this.options.configPath, decision, what), {
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
    return true;
  }

  private abortedBeforeApply(result: RunResult, signal: AbortSignal): boolean {
    if (!signal.aborted) return false;
    result.error = 'the run was aborted (timeout or shutdown) before applying';
    // Taken all the same: an acceptance is for the decision before this run, which this run has replaced.
    result.acceptances = result.acceptances?.map(acceptance => ({ ...acceptance, outcome: 'dropped' }));
    this.logger.error(`${this.name}: ${result.error}; nothing applied`);
    return true;
  }

  private async applied(result: RunResult): Promise<RunResult> {
    result.outcome = 'applied';
    await this.finish(result);
    announceApplied(this.name);
    const c = result.counts;
    const d = result.durationsMs;
    const what = result.readMode === 'records' ? `changes to ${c.touched} records` : `${c.users} users, ${c.groups} groups`;
    this.logger.info(
      `${this.name}: applied ${what} (${c.added} added, ${c.changed} changed, ${c.removed} removed, ` +
        `${c.restored} restored, ${c.refused} refused by the catalog, ${c.skipped} skipped records) ` +
        `in ${secs(d.total)} (${result.readMode} read ${secs(d.read)}, map ${secs(d.map)}, catalog check ${secs(d.check)}, guard ${secs(d.guard)}, apply ${secs(d.apply)}, save ${secs(d.save)})`,
      { outcome: result.outcome, trigger: result.trigger, readMode: result.readMode, runId: result.runId, ...c, durationsMs: JSON.stringify(d) },
    );
    return result;
  }

  private requireConnection(): EntityProviderConnection {
    if (!this.connection) throw new Error(`${this.name} is not connected to the catalog yet`);
    return this.connection;
  }

  private get locationKey(): string {
    return this.options.locationKey ?? this.name;
  }

  /** Entities the catalog refused keep their rows (names stay) but not as applied: the next run tries again. */
  private async forgetRefused(refused: string[], rows: RecordRow[]): Promise<void> {
    if (!refused.length) return;
    const set = new Set(refused);
    const changed = rows.filter(row => row.entityRef && set.has(row.entityRef.toLowerCase())).map(row => ({ ...row, record: undefined, entityHash: undefined }));
    await this.options.stateStore.recordStore(this.name).update(changed, []);
  }

  /** Notes the apply and keeps the cursor (or forgets the old one); a cursor failure only costs the next run a full read. */
  private async saveRun(cursor: Cursor | undefined): Promise<void> {
    const store = this.options.stateStore;
    await store.markApplied(this.name, new Date().toISOString());
    if (!cursor) return;
    try {
      if (cursor.value !== undefined && this.incremental.enabled) {
        await store.savePreviousRead(this.name, await encodePreviousRead({ cursor: cursor.value, readAt: cursor.readAt, fullReadAt: cursor.fullReadAt }));
      } else {
        await store.clearPreviousRead(this.name);
      }
    } catch (error) {
      this.logger.warn(`${this.name}: cannot save the cursor, the next run reads everything: ${this.describe(error)}`);
      await store.clearPreviousRead(this.name).catch(() => undefined);
    }
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
  private async refusedByCatalog(applied: string[], hashes: Record<string, string>): Promise<string[]> {
    if (applied.length === 0) return [];
    const store = this.options.stateStore;
    try {
      const held = await store.getCatalogHoldings?.(this.name);
      if (!held) return [];
      const refused = applied.filter(ref => !holdsAsApplied(held.get(ref), hashes[ref], this.locationKey));
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
      const read: SavedRead | undefined = await this.options.stateStore.getPreviousRead(this.name);
      if (!read) return undefined;
      if (now - Date.parse(read.fullReadAt) >= incremental.fullReadEveryMs || !(Date.parse(read.fullReadAt) <= now)) return undefined;
      return { ...read, records: this.options.stateStore.recordStore(this.name).reader() };
    } catch (error) {
      this.logger.warn(`${this.name}: cannot read the saved cursor, reading everything: ${this.describe(error)}`);
      return undefined;
    }
  }

  private describe(error: unknown): string {
    return redact(describe(error), this.options.secrets ?? []);
  }

  /** Reads the org; gives up when the signal aborts even if the source ignores it. */
  private read(signal: AbortSignal, previous: PreviousRead | undefined, bounds: ReadBounds, stats: ReadStats): Promise<OrgReadResult> {
    const interval = this.options.progressIntervalMs ?? 10_000;
    let lastLog = Date.now();
    const reportProgress = (progress: ReadProgress) => {
      if (typeof progress.requests === 'number') stats.requests = progress.requests;
      if (typeof progress.rateLimited === 'number') stats.rateLimited = progress.rateLimited;
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
        .then(read => {
          if (isDeltaResult(read)) {
            checkDelta(read.delta);
            return read;
          }
          if (!read || !Array.isArray(read.users) || !Array.isArray(read.groups)) {
            throw new Error('the source returned no snapshot (users and groups arrays expected)');
          }
          return read;
        })
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
}

/** The latest request figures a source reported during one read (one object per read: a dry run may read alongside a run). */
interface ReadStats {
  requests?: number;
  rateLimited?: number;
}

function requestsOf(stats: ReadStats): RunResult['requests'] {
  if (stats.requests === undefined && stats.rateLimited === undefined) return undefined;
  return { total: stats.requests ?? 0, rateLimited: stats.rateLimited ?? 0 };
}

interface Cursor {
  value: JsonValue | undefined;
  readAt: string;
  fullReadAt: string;
}

/** The rows of a list with the departed kept: their last record, the departed entity, and when and why they left. */
/** A delta's rows with the departed kept: the row stays (with its last record), holding the departed entity. */
function keepRetainedRows(plan: DeltaPlan, retained: Retained[]): void {
  if (!retained.length) return;
  const keys = new Set(retained.map(r => `${r.kind}/${r.id}`));
  plan.deletedRows = plan.deletedRows.filter(row => !keys.has(`${row.kind}/${row.id}`));
  const rows = new Map(plan.rows.map(row => [`${row.kind}/${row.id}`, row]));
  for (const r of retained) {
    const departed = { entityRef: r.entityRef, entityHash: entityHash(r.entity), memberCount: r.kind === 'group' ? 0 : undefined, departedAt: r.departedAt, departure: r.departure };
    const row = rows.get(`${r.kind}/${r.id}`);
    if (row) Object.assign(row, departed);
    else plan.rows.push({ kind: r.kind, id: r.id, ...departed });
  }
}

/**
 * Refs of departed entities whose time is up (a delta does not touch them otherwise); their rows keep the record
 * but no longer an entity. In `delete` mode every entity kept from an earlier `retain` goes.
 */
function expiredDepartures(previous: AppliedState, leavers: LeaverOptions, retainedNow: Set<string>, plan: DeltaPlan): string[] {
  const now = Date.now();
  const expired: string[] = [];
  const planned = new Set(plan.rows.map(row => `${row.kind}/${row.id}`));
  for (const entry of previous.index) {
    if (entry.departedAt === undefined || !entry.entityRef) continue;
    const ref = entry.entityRef.toLowerCase();
    if (retainedNow.has(ref) || (leavers.mode === 'retain' && now - entry.departedAt < leavers.retainForMs)) continue;
    if (planned.has(`${entry.kind}/${entry.id}`)) continue; // the delta itself decided about this record
    expired.push(ref);
    plan.rows.push({ kind: entry.kind, id: entry.id });
  }
  return expired;
}

/** Names departed entities keep, so nobody else takes them while they stay. */
function reservedNames(retained: Retained[]): { users: Map<string, string>; groups: Map<string, string> } {
  const of = (kind: RecordKind) => new Map(retained.filter(r => r.kind === kind).map(r => [r.id, r.entityRef]));
  return { users: of('user'), groups: of('group') };
}

/** A snapshot with a delta applied: upserted records replace stored ones, deleted ids leave. */
function withDelta(snapshot: OrgSnapshot, delta: OrgDelta): OrgSnapshot {
  const apply = <R extends { id: string }>(records: R[], part: { upserted: R[]; deleted: string[] }) => {
    const byId = new Map(records.map(r => [r.id, r]));
    for (const id of part.deleted) byId.delete(id);
    for (const record of part.upserted) byId.set(record.id, record);
    return [...byId.values()];
  };
  return { users: apply(snapshot.users, delta.users), groups: apply(snapshot.groups, delta.groups) };
}

function checkDelta(delta: OrgDelta): void {
  const ok = (part: unknown) =>
    !!part && Array.isArray((part as { upserted?: unknown }).upserted) && Array.isArray((part as { deleted?: unknown }).deleted);
  if (!delta || !ok(delta.users) || !ok(delta.groups)) {
    throw new Error('the source returned a malformed delta (users and groups, each with upserted and deleted arrays, expected)');
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

/** The scheduled run's timeout (default an hour): how long a run may hold the provider's lease. */
function timeoutMs(schedule: SchedulerServiceTaskScheduleDefinition | undefined): number {
  const timeout = schedule?.timeout;
  const ms = !timeout ? NaN : typeof timeout === 'string' ? Duration.fromISO(timeout).as('milliseconds') : Duration.fromObject(timeout).as('milliseconds');
  return ms > 0 ? ms : 60 * 60_000;
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
