import { tail } from '../child';
import { setUpMode, type SetupOptions } from './backend';
import { measureGithubSteady, measureIdle } from './idleAndSteady';
import { measureLatency } from './latency';
import { CHANGE_MODES, type ChangeModeName } from './modes';
import type { ModeResult } from './types';

export interface SuiteOptions extends SetupOptions {
  modes: ChangeModeName[];
  samples: number;
  /** Idle window in poll intervals. */
  idleIntervals: number;
}

/** Latency samples, the idle cost and (GitHub) the steady state of one mode, in one backend. */
export async function runMode(name: ChangeModeName, options: SuiteOptions): Promise<ModeResult> {
  const mode = CHANGE_MODES[name];
  const result: ModeResult = { mode: name, idp: mode.idp, how: mode.how, ok: false, intervalS: options.intervalS, offboard: [], join: [] };
  let setup;
  try {
    setup = await setUpMode(mode, options);
    Object.assign(result, { users: setup.users, groups: setup.groups, fullReadRequests: setup.fullReadRequests });
    console.log(`  ${name}: ${setup.users} users / ${setup.groups} groups served; full read ${setup.fullReadRequests} requests`);
    Object.assign(result, await measureLatency(mode, setup, options.samples, options.intervalS));
    result.idle = await measureIdle(setup, options.intervalS, options.idleIntervals);
    console.log(`  ${name}: idle ${result.idle.total} requests in ${result.idle.windowS} s = ${result.idle.perInterval} per interval`);
    if (mode.idp === 'github') {
      // A round's moves are visible once the catalog has processed them: at size L that takes longer than at S.
      result.steady = await measureGithubSteady(mode, setup, Math.max(60, Math.ceil(setup.users / 250)));
      console.log(`  ${name}: ${result.steady.moves} team moves cost ${result.steady.requests.total} requests (full read ${setup.fullReadRequests})`);
      if (result.steady.error) throw new Error(`steady state, after ${result.steady.roundsDone} of ${result.steady.rounds} rounds: ${result.steady.error}`);
    }
    result.ok = [...result.offboard, ...result.join].every(s => s !== undefined);
    if (!result.ok) result.error = 'some changes were not visible within the timeout';
  } catch (error) {
    result.error = (error as Error).message;
    console.error(`  ${name}: FAILED ${result.error}${setup ? `\n${tail(setup.child.lines)}` : ''}`);
  } finally {
    await setup?.close();
  }
  return result;
}
