// The operations API's JSON, as plugins/catalog-org-sync-node/openapi.yaml describes it.

/** Entity and change counts of a run. @public */
export type RunCounts = Partial<
  Record<'users' | 'groups' | 'added' | 'changed' | 'removed' | 'restored' | 'refused' | 'skipped' | 'touched' | 'departed', number>
>;

/** The deletion guard's decision on a run's plan. @public */
export type GuardDecision = {
  allowed?: boolean;
  accepted?: boolean;
  planId?: string;
  reason?: string;
  removedUsers?: string[];
  removedGroups?: string[];
  removedUserCount?: number;
  removedGroupCount?: number;
  emptiedGroups?: string[];
};

/** An account of a linked source and what the linking said of it. @public */
export type AccountNote = { account?: string; detail?: string; where?: string };

/** A linked provider's accounts in one run. @public */
export type RunLinks = {
  peopleSource?: string;
  linked?: number;
  unmatched?: AccountNote[];
  conflicts?: AccountNote[];
  departed?: AccountNote[];
};

/** An acceptance of a held plan a run took. @public */
export type RunAcceptance = { planId?: string; by?: string; via?: 'operations-api' | 'config'; outcome?: 'applied' | 'dropped' };

/** The first entities of a run's list, and how many there were. @public */
export type EntityList<T> = { items: T[]; total: number };

/** An entity the catalog did not take from a run, and who emits its ref instead (a location key), when known. @public */
export type RefusedEntity = { ref: string; heldBy?: string };

/** One run of a provider. @public */
export type OrgSyncRun = {
  provider?: string;
  runId: string;
  trigger?: 'schedule' | 'changes';
  startedAt: string;
  finishedAt?: string;
  outcome: 'applied' | 'guarded' | 'read-failed';
  readMode?: string;
  counts?: RunCounts;
  durationsMs?: Partial<Record<'read' | 'map' | 'check' | 'guard' | 'apply' | 'save' | 'total', number>>;
  requests?: { total?: number; rateLimited?: number };
  error?: string;
  guard?: GuardDecision;
  acceptances?: RunAcceptance[];
  links?: RunLinks;
  stillLinked?: Array<{ person?: string; account?: string; where?: string }>;
  /** What the run removed (a held run: would remove) and why, in words (the first 100). */
  removals?: EntityList<{ ref: string; why: string }>;
  /** Entities the catalog had lost or altered behind the provider's back, re-applied (the first 100). */
  restored?: EntityList<string>;
  /** Entities the catalog did not take: another provider or location emits the ref (the first 100). */
  refused?: EntityList<RefusedEntity>;
};

/** One change signal a provider listens to: pushed by the IdP, or polled. @public */
export type ChangeSignal = {
  kind: 'receiver' | 'poller' | 'subscriber';
  mode: 'push' | 'poll';
  /** In words: `Okta event hook`, `Graph delta poll`, `GitHub webhooks`, … */
  label: string;
  path?: string;
  topics?: string[];
  everySeconds?: number;
};

/** What a change signal saw last, on any replica. @public */
export type SignalSeen = { via: 'push' | 'event' | 'poll'; at: string; outcome: 'accepted' | 'rejected' | 'ok' | 'failed'; detail?: string };

/** A provider's change signals, its last delivery and its last poll. @public */
export type ProviderChangeSignals = { signals: ChangeSignal[]; lastDelivery: SignalSeen | null; lastPoll: SignalSeen | null };

/** A provider with its schedule and last run. @public */
export type ProviderStatus = {
  name: string;
  idp: string;
  id: string;
  schedule: { frequency?: string; timeout?: string; initialDelay?: string } | null;
  lastRun: OrgSyncRun | null;
  lastSuccessfulApply: { at: string; runId: string | null } | null;
  nextRunEstimate: string | null;
  cursor: { readAt?: string; fullReadAt?: string; ageSeconds?: number } | null;
  /** Absent from backends before change signals were reported. */
  changeSignals?: ProviderChangeSignals;
};

/** What a run would do to one kind of entity. @public */
export type KindPlan = { add?: string[]; change?: Array<{ ref: string; fields?: string[] }>; remove?: string[] };

/** The answer of a dry run. @public */
export type DryRunResult = {
  provider: string;
  outcome: 'would-apply' | 'would-be-held' | 'read-failed';
  readMode?: string;
  error?: string;
  guard?: Pick<GuardDecision, 'allowed' | 'accepted' | 'planId' | 'reason'>;
  counts?: RunCounts;
  users?: KindPlan;
  groups?: KindPlan;
  departed?: string[];
};

/** The answer of "Run now". @public */
export type TriggerResult = { provider?: string; taskId?: string; triggered?: boolean };

/** The answer of accepting a held plan. @public */
export type AcceptResult = { provider?: string; planHash?: string; accepted?: boolean; heldBy?: string };

/** Why a record is or is not an entity; `runId`: the run it is about (`removed`: the run that removed the entity). @public */
export type ExplainReason = { reason: string; message: string; runId?: string };

/** One provider's view of the person or group asked about. @public */
export type ProviderView = {
  provider: string;
  idp: string;
  found: boolean;
  record?: { kind?: 'user' | 'group'; id?: string; login?: string; email?: string; displayName?: string; active?: boolean };
  entityRef?: string;
  inCatalog?: boolean;
  groups?: string[];
  reasons?: ExplainReason[];
};

/** The answer of explain. @public */
export type ExplainResult = { q: string; detail: 'records' | 'entities'; providers: ProviderView[] };

/** Someone who left and what they still own. @public */
export type Leaver = {
  ref: string;
  provider: string;
  state: 'departed' | 'removed';
  since?: string;
  reason?: string;
  owned: Array<{ entityRef: string; field: 'spec.owner' | 'spec.parent' | 'spec.members' }>;
};
