import type { DryRunResult, ExplainResult, Leaver, OrgSyncRun, ProviderStatus } from '../api/types';

/** Answers shaped as openapi.yaml describes them. */
export const appliedRun: OrgSyncRun = {
  runId: 'run-2',
  trigger: 'schedule',
  startedAt: '2026-12-01T10:00:00.000Z',
  finishedAt: '2026-12-01T10:00:02.500Z',
  outcome: 'applied',
  readMode: 'full',
  counts: { users: 10, groups: 2, added: 3, changed: 1, removed: 2, restored: 1, refused: 1 },
  durationsMs: { total: 2500 },
  guard: { allowed: true, removedUsers: ['user:default/ann', 'user:default/bob'], removedUserCount: 2, removedGroups: [], removedGroupCount: 0 },
  links: { peopleSource: 'okta:main', linked: 4, unmatched: [{ account: 'ghost-login', detail: 'no person has this email' }], conflicts: [{ account: 'twin', detail: 'matches two people' }] },
  restored: { items: ['user:default/gil'], total: 1 },
  refused: { items: [{ ref: 'user:default/hal', heldBy: 'url:https://example.com/users.yaml' }], total: 1 },
};

export const heldRun: OrgSyncRun = {
  runId: 'run-3',
  trigger: 'schedule',
  startedAt: '2026-12-02T10:00:00.000Z',
  finishedAt: '2026-12-02T10:00:01.000Z',
  outcome: 'guarded',
  counts: { added: 0, changed: 0, removed: 0, restored: 0 },
  guard: { allowed: false, planId: '3f9a0c1d', reason: 'would remove 40% of users (limit 10%)', removedUsers: ['user:default/cara'], removedUserCount: 1 },
};

export const failedRun: OrgSyncRun = {
  runId: 'run-4',
  startedAt: '2026-12-03T10:00:00.000Z',
  finishedAt: '2026-12-03T10:00:00.400Z',
  outcome: 'read-failed',
  error: 'Okta answered 401: the API token is not valid',
};

export const providers: ProviderStatus[] = [
  {
    name: 'okta:main',
    idp: 'okta',
    id: 'main',
    schedule: { frequency: 'PT1H' },
    lastRun: appliedRun,
    lastSuccessfulApply: { at: appliedRun.finishedAt ?? '', runId: appliedRun.runId },
    nextRunEstimate: '2026-12-01T11:00:00.000Z',
    cursor: { readAt: '2026-12-01T10:00:01.000Z', ageSeconds: 30 },
    changeSignals: {
      signals: [
        { kind: 'receiver', mode: 'push', label: 'Okta event hook', path: '/org-sync/okta/main' },
        { kind: 'poller', mode: 'poll', label: 'Okta System Log poll', everySeconds: 10 },
      ],
      lastDelivery: { via: 'push', at: '2026-12-01T10:05:00.000Z', outcome: 'accepted', detail: 'HTTP 202' },
      lastPoll: { via: 'poll', at: '2026-12-01T10:05:10.000Z', outcome: 'failed', detail: 'Okta answered 429' },
    },
  },
  {
    name: 'github:acme',
    idp: 'github',
    id: 'acme',
    schedule: null,
    lastRun: failedRun,
    lastSuccessfulApply: null,
    nextRunEstimate: null,
    cursor: null,
    changeSignals: { signals: [], lastDelivery: null, lastPoll: null },
  },
];

export const dryRun: DryRunResult = {
  provider: 'okta:main',
  outcome: 'would-apply',
  guard: { allowed: true },
  users: { add: ['user:default/dan'], change: [{ ref: 'user:default/eve', fields: ['spec.profile.displayName'] }], remove: ['user:default/fay'] },
  groups: { add: [], change: [], remove: [] },
};

export const explained: ExplainResult = {
  q: 'cara@example.com',
  detail: 'records',
  providers: [
    {
      provider: 'okta:main',
      idp: 'okta',
      found: true,
      record: { kind: 'user', id: '00u1', login: 'cara@example.com', email: 'cara@example.com', displayName: 'Cara Diaz', active: false },
      entityRef: 'user:default/cara',
      inCatalog: false,
      reasons: [{ reason: 'inactive', message: 'Okta status DEPROVISIONED is not an active status' }],
    },
  ],
};

export const leavers: Leaver[] = [
  {
    ref: 'user:default/cara',
    provider: 'okta:main',
    state: 'departed',
    since: '2026-11-30T09:00:00.000Z',
    reason: 'DEPROVISIONED',
    owned: [{ entityRef: 'component:default/billing', field: 'spec.owner' }],
  },
  { ref: 'group:default/old-team', provider: 'okta:main', state: 'removed', owned: [{ entityRef: 'system:default/legacy', field: 'spec.owner' }] },
];
