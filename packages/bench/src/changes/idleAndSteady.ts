import { sleep } from '../child';
import type { RunningEmulator } from '../emulators';
import type { ChangeSetup } from './backend';
import { fullGroupRef } from './latency';
import type { ChangeMode } from './modes';
import { counted, type ModeResult } from './types';

/**
 * Requests while nothing changes, over exactly `intervals` poll intervals (any window of k whole intervals holds k
 * ticks of a task that runs once per interval), after the last change was applied.
 */
export async function measureIdle(setup: ChangeSetup, intervalS: number, intervals: number): Promise<NonNullable<ModeResult['idle']>> {
  await sleep(3000); // let the last change run finish
  setup.emulator.resetCounters();
  const windowS = intervals * intervalS;
  await sleep(windowS * 1000);
  const requests = counted(setup.emulator.counters());
  return { ...requests, windowS, perInterval: requests.total / intervals };
}

/**
 * Which teams each member is in (team ids as the mode names groups), from one snapshot of the emulated org: a
 * snapshot copies the whole org, so asking it per team and person stalls at size L.
 */
function teamsByMember(e: RunningEmulator): Map<string, Set<string>> {
  const org = e.github!.org.snapshot().orgs[0];
  const index = new Map<string, Set<string>>();
  for (const [slug, members] of Object.entries(org.team_members)) {
    for (const { login } of members) {
      const teams = index.get(login) ?? new Set<string>();
      teams.add(`${e.github!.info.org}/${slug}`);
      index.set(login, teams);
    }
  }
  return index;
}

/** Moves `login` from a team they are in to one they are not in (keeping `index` current); what the catalog should then show. */
function moveOnce(
  mode: ChangeMode,
  setup: ChangeSetup,
  teams: string[],
  index: Map<string, Set<string>>,
  login: string,
): { login: string; want: string; gone: string } | undefined {
  const e = setup.emulator;
  const memberOf = index.get(login) ?? new Set<string>();
  const source = teams.find(t => memberOf.has(t));
  const target = teams.find(t => !memberOf.has(t));
  if (!source || !target) return undefined;
  e.github!.org.removeTeamMember(source.split('/').pop()!, login);
  mode.join(e, target, login);
  memberOf.delete(source);
  memberOf.add(target);
  index.set(login, memberOf);
  return { login, want: setup.groupRefById.get(target)!, gone: setup.groupRefById.get(source)! };
}

async function visible(setup: ChangeSetup, move: { login: string; want: string; gone: string }, deadline: number): Promise<void> {
  const user = setup.usersById.get(move.login)!;
  for (;;) {
    const served = await setup.catalog.byName('user', user.metadata.namespace ?? 'default', user.metadata.name).catch(() => undefined);
    const refs = (served?.spec?.memberOf ?? []).map(fullGroupRef);
    if (refs.includes(move.want) && !refs.includes(move.gone)) return;
    if (Date.now() > deadline) throw new Error(`steady state: the move of ${move.login} to ${move.want} was not visible in time`);
    await sleep(100);
  }
}

/** Change rounds in a day with hourly batches (`events.batchTeamChanges` with `events.poll.interval: 1h`). */
export const ROUNDS_PER_DAY = 24;

/**
 * GitHub with webhooks through a day of typical changes: 1% of the members each moved from one team to another
 * (a removal and an addition, one webhook each). Spread over a day they arrive one by one, so first each move is
 * made and waited for before the next (every delivery a change run of its own); with `batchTeamChanges` a day is
 * instead 24 change rounds, so the day's moves are made in 24 groups, each waited for before the next. Then, for
 * comparison, another 1% all at once (the deliveries coalesce). Counted: every request the provider made for them.
 */
export async function measureGithubSteady(mode: ChangeMode, setup: ChangeSetup, timeoutS: number): Promise<NonNullable<ModeResult['steady']>> {
  const e = setup.emulator;
  const members = mode.leavers(e).filter(login => setup.usersById.has(login));
  const teams = mode.groupIds(e).filter(t => setup.groupRefById.has(t));
  const target = Math.max(1, Math.round(members.length * 0.01));
  const rounds = mode.batched ? Math.min(ROUNDS_PER_DAY, target) : target;
  const pool = [...members];
  const index = teamsByMember(e);
  const moveMany = (count: number) => {
    const made: Array<{ login: string; want: string; gone: string }> = [];
    while (made.length < count && pool.length) {
      const move = moveOnce(mode, setup, teams, index, pool.shift()!);
      if (move) made.push(move);
    }
    return made;
  };
  const allVisible = async (made: Array<{ login: string; want: string; gone: string }>, waitS = timeoutS) => {
    const deadline = Date.now() + waitS * 1000;
    for (const move of made) await visible(setup, move, deadline);
  };

  await sleep(3000);
  e.resetCounters();
  const from = Date.now();
  let moves = 0;
  for (let round = 0; round < rounds; round++) {
    const made = moveMany(Math.round((target * (round + 1)) / rounds) - moves);
    try {
      await allVisible(made);
    } catch (error) {
      // What the finished rounds cost is still a measurement: kept, with why the rest is missing.
      await sleep(1000);
      return { members: members.length, moves, rounds, roundsDone: round, requests: counted(e.counters()), error: (error as Error).message };
    }
    moves += made.length;
  }
  const visibleS = (Date.now() - from) / 1000;
  await sleep(1000); // requests of a last run still answering
  const requests = counted(e.counters());

  const result = { members: members.length, moves, rounds, requests, visibleS };
  await sleep(2000);
  e.resetCounters();
  const atOnceFrom = Date.now();
  const made = moveMany(target);
  try {
    // The catalog processes every moved person and both their teams: a second per move on top of a round's wait.
    await allVisible(made, timeoutS + made.length);
  } catch (error) {
    await sleep(1000);
    return { ...result, atOnce: { moves: made.length, requests: counted(e.counters()), error: (error as Error).message } };
  }
  const atOnceVisibleS = (Date.now() - atOnceFrom) / 1000;
  await sleep(1000);
  return { ...result, atOnce: { moves: made.length, requests: counted(e.counters()), visibleS: atOnceVisibleS } };
}
