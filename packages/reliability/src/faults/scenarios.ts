import type { SyncTarget } from '../targets';

export interface Arranged {
  /** Passed to `provider.run()`: what the scheduler's timeout does. */
  signal?: AbortSignal;
  /** Runs alongside the sync (e.g. revokes tokens once a page is in flight). */
  during?: () => Promise<void>;
  /** Puts the IdP back to healthy. */
  restore?: () => void | Promise<void>;
}

export interface FaultScenario {
  id: string;
  /** Row label in docs/reliability.md. */
  label: string;
  /** `guarded`: the deletion guard must refuse the run; `complete-or-unchanged`: either outcome, never a partial apply. */
  expect: 'guarded' | 'complete-or-unchanged';
  /** Whether the fault can be aimed at this target; default every target. */
  appliesTo?(target: SyncTarget): boolean;
  arrange(target: SyncTarget): Arranged;
}

const onPage = (target: SyncTarget) => ({ route: target.pageRoute, afterRequests: target.pageIndex });
/** The third group's member list read (the first two let through). */
const onMembers = (target: SyncTarget) => ({ route: target.memberRoute, afterRequests: 2 });
const hasMemberRoute = (target: SyncTarget) => target.memberRoute !== undefined;

/** Waits until the emulator has fired (and retired) every fault rule. */
async function faultsFired(target: SyncTarget): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (target.server.faults.list().length > 0 && Date.now() < deadline) await new Promise(r => setTimeout(r, 20));
}

export const FAULTS: FaultScenario[] = [
  {
    id: '5xx',
    label: '500 on one page',
    expect: 'complete-or-unchanged',
    arrange: t => (t.server.faults.add({ kind: 'status', status: 500, count: 1, ...onPage(t) }), {}),
  },
  {
    id: '429-storm',
    label: '429 storm outlasting the retries',
    expect: 'complete-or-unchanged',
    // Retry-After 1 s: GitHub's throttling plugin reads 0 as "absent" and would wait 60 s.
    arrange: t => (t.server.faults.add({ kind: 'rate-limit', count: 60, retryAfterSeconds: t.module === 'msgraph' ? 0 : 1, ...onPage(t) }), {}),
  },
  {
    id: 'reset',
    label: 'connection reset mid-body',
    expect: 'complete-or-unchanged',
    arrange: t => (t.server.faults.add({ kind: 'reset', count: 1, ...onPage(t) }), {}),
  },
  {
    id: 'truncate',
    label: 'truncated JSON body',
    expect: 'complete-or-unchanged',
    arrange: t => (t.server.faults.add({ kind: 'truncate', count: 1, ...onPage(t) }), {}),
  },
  {
    id: 'hang',
    label: 'page never answers (run timeout 3 s)',
    expect: 'complete-or-unchanged',
    arrange: t => (t.server.faults.add({ kind: 'hang', count: 1, ...onPage(t) }), { signal: AbortSignal.timeout(3000) }),
  },
  {
    id: 'empty',
    label: 'IdP returns an empty org',
    expect: 'guarded',
    arrange: t => (t.setEmpty(true), { restore: () => t.setEmpty(false) }),
  },
  {
    id: 'shrink-40',
    label: 'IdP returns 40% fewer users',
    expect: 'guarded',
    arrange: t => ({ restore: t.shrinkUsers(0.4) }),
  },
  {
    id: 'loop',
    label: 'next page link / cursor points back at the page',
    expect: 'complete-or-unchanged',
    arrange: t => (t.server.faults.add({ kind: 'loop', ...onPage(t) }), {}),
  },
  {
    id: 'trickle',
    label: 'body trickles forever (requestTimeout 4 s)',
    expect: 'complete-or-unchanged',
    arrange: t => (t.server.faults.add({ kind: 'trickle', intervalMs: 500, count: 1, ...onPage(t) }), {}),
  },
  {
    id: 'empty-members',
    label: "one group's member list answered 200 with no members (Okta: it says how many there are)",
    expect: 'complete-or-unchanged',
    // Only Okta states a group's size (usersCount) to check an empty list against; elsewhere an empty list is a legitimate answer.
    appliesTo: t => t.module === 'okta',
    arrange: t => (t.server.faults.add({ kind: 'empty-page', ...onMembers(t) }), {}),
  },
  {
    id: 'empty-members-all',
    label: 'every member list answered 200 with no members',
    // Okta's read fails on the first (it states the group's size); elsewhere the guard's membership rule holds the run.
    expect: 'complete-or-unchanged',
    appliesTo: hasMemberRoute,
    arrange: t => (t.server.faults.add({ kind: 'empty-page', route: t.memberRoute }), {}),
  },
  {
    id: 'inner-error',
    label: "member pages answered 200 with an error body ($batch)",
    expect: 'complete-or-unchanged',
    appliesTo: t => t.module === 'msgraph',
    arrange: t => (t.server.faults.add({ kind: 'inner-error', route: t.memberRoute }), {}),
  },
  // Last: a module that did not recover from it would make every later cell meaningless.
  {
    id: 'revoked',
    label: 'access tokens revoked mid-run',
    expect: 'complete-or-unchanged',
    arrange: t => {
      // The page waits 1.5 s before the emulator checks its token; the tokens are revoked meanwhile.
      t.server.faults.add({ kind: 'latency', latencyMs: 1500, count: 1, ...onPage(t) });
      return { during: async () => (await faultsFired(t), t.revokeTokens()) };
    },
  },
];
