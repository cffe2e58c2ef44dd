import type { RequestCounters } from '@orgsync/idp-emulators';
import type { ChangeModeName } from './modes';

/** Seconds from the emulator admin call until the catalog showed it; undefined when it did not within the timeout. */
export type Sample = number | undefined;

/** Requests the emulator counted over a stretch of time, per route. */
export interface CountedRequests {
  total: number;
  byRoute: Record<string, number>;
  innerByRoute: Record<string, number>;
}

export const counted = (c: RequestCounters): CountedRequests => ({ total: c.total, byRoute: { ...c.byRoute }, innerByRoute: { ...c.innerByRoute } });

/** One IdP and way of hearing about changes, measured in one backend. */
export interface ModeResult {
  mode: ChangeModeName;
  idp: string;
  how: 'poll' | 'push';
  ok: boolean;
  error?: string;
  intervalS: number;
  users?: number;
  groups?: number;
  /** Requests of the cold (full) read, for comparison. */
  fullReadRequests?: number;
  /** Offboarding: admin call → `GET /entities/by-name/user/…` answers 404. */
  offboard: Sample[];
  /** Added to a group: admin call → the person's `spec.memberOf` names the group. */
  join: Sample[];
  /** Requests while nothing changed, over `windowS` (a whole number of intervals). */
  idle?: CountedRequests & { windowS: number; perInterval: number };
  /** GitHub only: a day's typical changes with webhooks. */
  steady?: {
    members: number;
    /** One after the other (or in `rounds` groups, with batched team changes), each applied before the next. */
    moves: number;
    /** Groups the moves were made in: one per move, or a day's change rounds with `batchTeamChanges`. */
    rounds?: number;
    requests: CountedRequests;
    visibleS?: number;
    /** Set when the measurement stopped early: the rounds whose moves were all visible (`moves` and `requests` are theirs), and why. */
    roundsDone?: number;
    error?: string;
    /** Another 1% made at once; `error` when not all were visible in time (`requests` then counts up to that point). */
    atOnce?: { moves: number; requests: CountedRequests; visibleS?: number; error?: string };
  };
}

/** A burst of deactivations in one backend. */
export interface BurstResult {
  mode: ChangeModeName;
  idp: string;
  how: 'poll' | 'push';
  ok: boolean;
  error?: string;
  intervalS: number;
  users?: number;
  deactivated: number;
  /** The guard settings the burst was applied with. */
  guard: Record<string, unknown>;
  /** Whether the default guard (10% of users per changes window) would hold this burst. */
  defaultGuardHolds?: boolean;
  /** Seconds from the first admin call until the catalog served none of them (undefined at the timeout). */
  allGoneS?: number;
  /** Seconds until the first of them was gone. */
  firstGoneS?: number;
  /** How many were still served at the end (0 when all went). */
  left?: number;
  requests?: CountedRequests;
}

/** One `npm run bench -- --changes` run (written to bench/results/*-changes-*.json). */
export interface ChangeBenchResult {
  kind: 'changes';
  startedAt: string;
  size: string;
  org: { users: number; groups: number };
  burstSize?: string;
  burstOrg?: { users: number; groups: number };
  settings: { latencyMs: number; database: string; intervalS: number; samples: number; catalog: string; /** The repository's commit the run measured (dirty if it had changes). */ commit?: string };
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  modes: ModeResult[];
  bursts: BurstResult[];
}
