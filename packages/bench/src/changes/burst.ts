import { refOf } from '../catalog';
import { sleep } from '../child';
import { setUpMode, type SetupOptions } from './backend';
import type { ChangeMode } from './modes';
import { counted, type BurstResult } from './types';

/**
 * The guard the burst runs with: the user share raised so that 1,000 of 10,000 pass (the default, 10% of users per
 * `guard.changesWindow` of 1 h, holds such a burst until `guard.acceptPlan` names its plan), and the per-group
 * membership share off, since removing people empties groups.
 */
export const BURST_GUARD = { maxUserRemovalShare: 0.5, maxMembershipRemovalShare: 1 };
const DEFAULT_USER_SHARE = 0.1;

/** Deactivates `count` people at once; seconds until the catalog serves none of them, and the requests it took. */
export async function measureBurst(mode: ChangeMode, count: number, options: SetupOptions): Promise<BurstResult> {
  const result: BurstResult = { mode: mode.name, idp: mode.idp, how: mode.how, ok: false, intervalS: options.intervalS, deactivated: 0, guard: BURST_GUARD };
  let setup;
  try {
    setup = await setUpMode(mode, { ...options, extra: { guard: BURST_GUARD } });
    result.users = setup.users;
    const leavers = mode.leavers(setup.emulator).filter(id => setup!.usersById.has(id)).slice(0, count);
    const refs = leavers.map(id => refOf(setup!.usersById.get(id)!));
    result.defaultGuardHolds = leavers.length > Math.max(2, DEFAULT_USER_SHARE * setup.users);
    await sleep(2000);
    setup.emulator.resetCounters();
    const from = Date.now();
    for (const id of leavers) mode.offboard(setup.emulator, id);
    result.deactivated = leavers.length;
    console.log(`  ${mode.name} burst: ${leavers.length} deactivated in ${((Date.now() - from) / 1000).toFixed(1)} s of admin calls`);
    const deadline = from + options.timeoutS * 1000;
    let left = refs.length;
    while (Date.now() < deadline) {
      left = await setup.catalog.countServed(refs); // a failing check fails the measurement, never waits it out
      if (left < refs.length && result.firstGoneS === undefined) result.firstGoneS = (Date.now() - from) / 1000;
      if (left === 0) {
        result.allGoneS = (Date.now() - from) / 1000;
        break;
      }
      await sleep(250);
    }
    result.left = left;
    await sleep(1000);
    result.requests = counted(setup.emulator.counters());
    result.ok = left === 0;
    if (!result.ok) result.error = `${left} of ${refs.length} still served after ${options.timeoutS} s`;
    console.log(`  ${mode.name} burst: ${result.ok ? `all gone after ${result.allGoneS} s` : result.error}, ${result.requests.total} requests`);
  } catch (error) {
    result.error = (error as Error).message;
    console.error(`  ${mode.name} burst: FAILED ${result.error}`);
  } finally {
    await setup?.close();
  }
  return result;
}
