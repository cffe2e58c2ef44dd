import type { RequestCounters } from '@orgsync/idp-emulators';
import type { BenchCatalog } from './catalog';
import { sleep, type BackendChild, type LogLine } from './child';
import type { RunningEmulator } from './emulators';
import type { Impl, OktaReadStats, SyncLog } from './impls';

export interface SyncMeasurement {
  ok: boolean;
  error?: string;
  /** Seconds from the module's "started" line to its "finished" line. */
  wallS?: number;
  /** The module's own phase durations (seconds). */
  phases?: Record<string, number>;
  /** Ours only: whether the module read everything or only what changed. */
  readMode?: 'full' | 'incremental' | 'delta';
  /** Ours (Okta) only: user-list slices and the member reads each skip rule saved (the module's read summary). */
  readStats?: OktaReadStats;
  users?: number;
  groups?: number;
  requests: RequestCounters;
  /** Seconds from the first to the last emulator request of the run. */
  requestWindowS?: number;
  /** Peak RSS of the backend (MB) over this run's window. */
  peakRssMb: number;
  /** Seconds from the sync's start until the catalog served every applied user (cold run only). */
  queryableS?: number;
  /** Seconds from the sync's start until it also served every applied group. */
  allQueryableS?: number;
  /** 1% change run only: seconds from the sync's start until the catalog served every renamed user's new name. */
  changeVisibleS?: number;
  /** What the catalog finally served (fewer than applied when it refused some entities). */
  servedUsers?: number;
  servedGroups?: number;
}

/** Samples the emulator's counters to find when its first and last requests of a run arrived. */
export function watchRequests(emulator: RunningEmulator) {
  let first: number | undefined;
  let last: number | undefined;
  let total = emulator.counters().total;
  const timer = setInterval(() => {
    const now = emulator.counters().total;
    if (now !== total) {
      first ??= Date.now();
      last = Date.now();
      total = now;
    }
  }, 50);
  return {
    stop(): number | undefined {
      clearInterval(timer);
      return first !== undefined && last !== undefined ? (last - first) / 1000 : undefined;
    },
  };
}

const isError = (impl: Impl) => (line: LogLine) =>
  impl.failed.test(line.message) || (line.level === 'error' && !/^Task worker failed to release/.test(line.message));

/** Waits for one sync of `impl` that starts after `since`: its start line, then its finish or failure. */
export async function awaitSync(
  impl: Impl,
  child: BackendChild,
  since: number,
  timeoutMs: number,
): Promise<{ ok: true; start: LogLine; end: LogLine; log: SyncLog } | { ok: false; error: string }> {
  let start: LogLine;
  try {
    start = await child.waitForLine([impl.started], since, timeoutMs);
  } catch (error) {
    return { ok: false, error: `did not start: ${(error as Error).message}` };
  }
  let poll: NodeJS.Timeout | undefined;
  const failure = new Promise<LogLine>(resolve => {
    poll = setInterval(() => {
      const bad = child.lines.find(l => l.t >= start.t && isError(impl)(l));
      if (bad) resolve(bad);
    }, 100);
  });
  try {
    const end = await Promise.race([child.waitForLine([impl.finished], start.t, timeoutMs), failure.then(bad => Promise.reject(new Error(bad.message)))]);
    const earlier = child.lines.filter(l => l.t >= start.t && l.t <= end.t).map(l => l.message);
    return { ok: true, start, end, log: impl.parse(end.message, earlier) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    clearInterval(poll);
  }
}

/**
 * Polls the catalog until it serves `users` users (then `groups` groups): seconds since `from`. A module that emits
 * entities the catalog refuses never gets there; a count that stays put for `settleMs` ends the wait, reporting the
 * time the count last grew and how many were served.
 */
/** Waits until the catalog serves `expected` users whose display name contains `term`; seconds since `from`, or undefined at the timeout. */
export async function awaitRenamesVisible(catalog: BenchCatalog, term: string, expected: number, from: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await catalog.countUsersNamed(term).catch(() => 0)) >= expected) return (Date.now() - from) / 1000;
    await sleep(250);
  }
  return undefined;
}

export async function awaitQueryable(catalog: BenchCatalog, users: number, groups: number, from: number, timeoutMs: number, settleMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  const until = async (kind: 'user' | 'group', expected: number) => {
    let served = -1;
    let grewAt = Date.now();
    while (Date.now() < deadline) {
      const now = await catalog.count(kind).catch(() => served);
      if (now !== served) {
        served = now;
        grewAt = Date.now();
      }
      if (served >= expected) return { s: (grewAt - from) / 1000, served };
      // Groups settle at 0 too: the official LDAP module's default names (a team's `cn`, spaces and all) are all refused.
      if ((served > 0 || kind === 'group') && Date.now() - grewAt > settleMs) return { s: (grewAt - from) / 1000, served };
      await sleep(250);
    }
    return { s: undefined, served };
  };
  const u = await until('user', users);
  const g = await until('group', groups);
  return { queryableS: u.s, allQueryableS: g.s === undefined || u.s === undefined ? undefined : Math.max(u.s, g.s), servedUsers: u.served, servedGroups: g.served };
}
