import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { Duration } from 'luxon';
import { randomUUID } from 'node:crypto';
import type { OrgChangeHints, OrgChangeSignals, OrgDeliveryLog } from '../changes';
import { defaultChangeOptions, type ChangeOptions } from '../config/changes';
import { AccountLinker } from '../linking/AccountLinker';
import type { ProviderNames } from '../linking/providerNames';
import { rawGroupName, rawUserName } from '../naming/strategies';
import type { KindedRecord } from '../records';
import type { LinkStore } from '../state/LinkStore';
import { maintainReceiver, pollChangeFeed, readAndApplyRecords } from './changeRound';
import { describeError } from './describeError';
import type { ProviderContext } from './ProviderContext';
import type { OrgEntityProviderOptions } from './providerOptions';
import { describeRequest } from './recordRequest';
import { RunReport } from './RunReport';
import type { ChangeDelivery, RunHooks, RunResult } from './runResult';
import { scheduledRun } from './scheduledRun';

export type { OrgEntityProviderOptions } from './providerOptions';
export type { ChangeDelivery, DryRunChanges, RunHooks, RunOutcome, RunResult } from './runResult';
export { redact } from './describeError';

const CHANGE_RUN_TIMEOUT_MS = 5 * 60_000;
const CHANGES_PER_ROUND = 1000;
const MAX_ROUNDS = 50;
/** Deliveries arriving within this time of each other are read together. */
const COALESCE_MS = 250;

/**
 * One configured provider instance, shaped like an informer: a scheduled
 * read lists the org (or reads a delta since its cursor), change signals name
 * records that changed, which are re-read and applied as a delta between
 * scheduled reads. This class wires the schedule, the lease and the change
 * loop; a run is read → plan (`planList`, `planDelta`) → `applyPlan`, told
 * by its `RunReport`. Any failure before the apply leaves the catalog as it was.
 *
 * @alpha
 */
export class OrgEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private running: Promise<unknown> = Promise.resolve();
  private last?: RunResult;
  private readonly name: string;
  private kick?: { timer?: NodeJS.Timeout; again: boolean; busy: boolean };
  private readonly hooks: RunHooks[] = [];
  /** What every step of a run needs from this provider. */
  private readonly context: ProviderContext;
  /** The org providers of this backend, once the module has added this one to the org sync service. */
  private names?: ProviderNames;

  constructor(private readonly options: OrgEntityProviderOptions) {
    this.name = options.providerName ?? `${options.idp}:${options.id}`;
    this.context = this.createContext();
  }

  private createContext(): ProviderContext {
    const { options, name } = this;
    const links = options.stateStore.linkStore?.();
    const describe = (error: unknown) => describeError(error, options.secrets ?? []);
    const logger = options.logger.child({ provider: name });
    return {
      name,
      logger,
      options,
      locationKey: options.locationKey ?? name,
      links,
      linker:
        options.linking && links
          ? new AccountLinker(name, options.linking, links, other => options.stateStore.recordStore(other), source => this.names?.resolve(source) ?? source)
          : undefined,
      describe,
      recordRun: result => this.recordRun(result),
      notePoll: poll => {
        for (const hooks of this.hooks) hooks.pollNoted?.(poll);
      },
      announceApplied: () => this.names?.announceApplied(name),
      runAgainAfterPeopleSource: () => {
        if (options.linking && options.scheduler && options.schedule) this.names?.wakeAfterApplied(options.linking.peopleSource, this.runAgain);
      },
    };
  }

  /** True when this provider links its accounts to a people source (`linkTo`). */
  get linksAccounts(): boolean {
    return this.context.linker !== undefined;
  }

  /** The link store, for the catalog processor that adds linked accounts to people. */
  get identityLinks(): LinkStore | undefined {
    return this.context.linker ? this.context.links : undefined;
  }

  /** How to ask the catalog to process entities again now (people whose linked accounts changed); without it they follow at the catalog's processing interval. */
  useEntityRefresh(refresh: (refs: string[]) => Promise<void>): void {
    this.context.refreshEntities = refresh;
  }

  getProviderName(): string {
    return this.name;
  }

  /** Where this provider's config lives (`catalog.providers.<idp>.<id>`). */
  get configPath(): string {
    return this.options.configPath;
  }

  /** The catalog namespace this provider emits into (undefined: the default one). */
  get namespace(): string | undefined {
    return this.options.mapping.namespace;
  }

  /** Joins the other org providers of this backend: `linkTo.peopleSource` is looked up among them, and they hear of this one's applied runs. */
  joinBackend(names: ProviderNames): void {
    this.names = names;
    names.note(this.options.configPath, this.name);
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
  wantedName(stored: KindedRecord): string {
    return stored.kind === 'user'
      ? rawUserName(stored.record, this.options.mapping.userNaming).raw
      : rawGroupName(stored.record, this.options.mapping.groupNaming).raw;
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
    return this.serialized(() => this.withLease(options.signal, signal => scheduledRun(this.context, { connection: this.requireConnection(), signal })));
  }

  /**
   * Reads the IdP as the next scheduled run would and answers what it would apply (`plan`, with the guard's
   * decision), without applying or saving anything. Takes no lease: it writes nothing.
   */
  dryRun(options: { signal?: AbortSignal } = {}): Promise<RunResult> {
    const signal = options.signal ?? new AbortController().signal;
    return Promise.resolve().then(() => scheduledRun(this.context, { connection: this.requireConnection(), signal }, true));
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
    else this.context.logger.debug(`${this.name}: ${origin} named ${describeRequest(hints)}${hints.resync ? `, asked for a full read (${hints.resync})` : ''}${hints.deferrable ? ' (deferred to the next change round)' : ''}`);
    if (!hints.deferrable || hints.resync || queued.overflow) this.kickChanges();
  }

  private readonly logOverflow = (origin: string, overflow: string): void => {
    this.context.logger.warn(`${this.name}: ${origin} ${overflow}; one full read is queued instead`);
  };

  /** Delivery keys this provider's receivers took, shared by replicas (replay protection). */
  deliveryLog(): OrgDeliveryLog {
    return this.options.stateStore.deliveryLog(this.name);
  }

  /** Notes a change delivery (for metrics and the operations API): a push answered by the receiver, or an event heard. */
  noteDelivery(delivery: ChangeDelivery): void {
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
        .catch(error => this.context.logger.error(`${this.name}: processing changes failed: ${this.context.describe(error)}`))
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
      const message = 'another replica kept applying changes for this provider for the whole run timeout';
      return new RunReport(this.context, 'schedule').failed(message, `${this.name}: ${message}; nothing read`);
    }
    try {
      return await task(signal);
    } finally {
      await lease.release().catch(() => undefined);
    }
  }

  /** Keeps a finished run as the last one and hands it to the run hooks (a failing hook is logged, never fails the run). */
  private async recordRun(result: RunResult): Promise<void> {
    this.last = result;
    for (const hooks of this.hooks) {
      await hooks
        .runFinished?.({ ...result, runId: result.runId ?? randomUUID() })
        .catch(error => this.context.logger.warn(`${this.name}: cannot record this run: ${this.context.describe(error)}`));
    }
  }

  private readonly runAgain = () => {
    this.options.scheduler?.triggerTask(this.refreshTaskId).catch(error => this.context.logger.info(`${this.name}: not run again now: ${this.context.describe(error)}`));
  };

  /** One change round: poll, keep receivers alive, then apply the queue a round at a time under the lease. */
  private async changeRun(signal: AbortSignal): Promise<RunResult | undefined> {
    const changes = this.options.changes ?? {};
    const state = this.options.stateStore;
    if (changes.poller) await pollChangeFeed(this.context, signal, this.logOverflow);
    if (changes.receiver?.maintain) await maintainReceiver(this.context, signal);
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
          this.context.logger.info(
            `${this.name}: ${pending.resync ? 'a change signal lost track of changes' : !previous ? 'nothing applied yet' : !source.readRecords ? 'the source cannot re-read single records' : 'the record store is not complete yet'}; making a scheduled-style read now`,
          );
          await lease.tryAcquire(timeoutMs(this.options.schedule) + 60_000); // ours already: extended for a read of everything
          last = await scheduledRun(this.context, { connection: this.requireConnection(), signal });
          break;
        }
        last = await readAndApplyRecords(this.context, { connection: this.requireConnection(), signal }, pending, previous);
        if (last.outcome !== 'applied') break; // failed or held: the queue keeps the changes for the next round
        await queue.done(pending.taken);
      }
    } finally {
      await lease.release().catch(() => undefined);
    }
    return last;
  }

  private requireConnection(): EntityProviderConnection {
    if (!this.connection) throw new Error(`${this.name} is not connected to the catalog yet`);
    return this.connection;
  }
}

/** The scheduled run's timeout (default an hour): how long a run may hold the provider's lease. */
function timeoutMs(schedule: SchedulerServiceTaskScheduleDefinition | undefined): number {
  const timeout = schedule?.timeout;
  const ms = !timeout ? NaN : typeof timeout === 'string' ? Duration.fromISO(timeout).as('milliseconds') : Duration.fromObject(timeout).as('milliseconds');
  return ms > 0 ? ms : 60 * 60_000;
}
