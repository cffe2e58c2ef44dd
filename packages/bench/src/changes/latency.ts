import { sleep } from '../child';
import type { ChangeSetup } from './backend';
import type { ChangeMode } from './modes';
import type { Sample } from './types';

/** `group:default/x` whatever short form `spec.memberOf` uses. */
export function fullGroupRef(ref: string): string {
  const withKind = ref.includes(':') ? ref : `group:${ref}`;
  const [kind, rest] = [withKind.slice(0, withKind.indexOf(':')), withKind.slice(withKind.indexOf(':') + 1)];
  return `${kind}:${rest.includes('/') ? rest : `default/${rest}`}`.toLowerCase();
}

/** Polls the catalog every 100 ms until `done`; seconds since `from`, undefined at the timeout. */
async function seconds(from: number, timeoutMs: number, done: () => Promise<boolean>): Promise<Sample> {
  while (Date.now() - from < timeoutMs) {
    if (await done().catch(() => false)) return (Date.now() - from) / 1000;
    await sleep(100);
  }
  return undefined;
}

/** Picks people and groups for the samples; each person is used once. */
export class Picker {
  private readonly used = new Set<string>();

  constructor(
    private readonly mode: ChangeMode,
    private readonly setup: ChangeSetup,
  ) {}

  leaver(): string {
    const id = this.mode.leavers(this.setup.emulator).find(u => !this.used.has(u) && this.setup.usersById.has(u));
    if (!id) throw new Error(`${this.mode.name}: no active person in the catalog left to offboard`);
    this.used.add(id);
    return id;
  }

  /** A person and a group they are not in (both in the catalog). */
  joiner(): { userId: string; groupId: string } {
    const groups = this.mode.groupIds(this.setup.emulator).filter(g => this.setup.groupRefById.has(g));
    for (const userId of this.mode.leavers(this.setup.emulator)) {
      if (this.used.has(userId) || !this.setup.usersById.has(userId)) continue;
      const groupId = groups.find(g => !this.mode.isMember(this.setup.emulator, g, userId));
      if (!groupId) continue;
      this.used.add(userId);
      return { userId, groupId };
    }
    throw new Error(`${this.mode.name}: no person and group left to join`);
  }
}

/** Deactivates / removes one person through the emulator's admin handle; seconds until the catalog answers 404 for them. */
export async function offboardOnce(mode: ChangeMode, setup: ChangeSetup, userId: string, timeoutMs: number): Promise<Sample> {
  const user = setup.usersById.get(userId)!;
  const namespace = user.metadata.namespace ?? 'default';
  const from = Date.now();
  mode.offboard(setup.emulator, userId);
  return seconds(from, timeoutMs, async () => (await setup.catalog.byName('user', namespace, user.metadata.name)) === undefined);
}

/** Adds one person to a group; seconds until their `spec.memberOf` names it. */
export async function joinOnce(mode: ChangeMode, setup: ChangeSetup, pick: { userId: string; groupId: string }, timeoutMs: number): Promise<Sample> {
  const user = setup.usersById.get(pick.userId)!;
  const groupRef = setup.groupRefById.get(pick.groupId)!;
  const namespace = user.metadata.namespace ?? 'default';
  const from = Date.now();
  mode.join(setup.emulator, pick.groupId, pick.userId);
  return seconds(from, timeoutMs, async () => {
    const served = await setup.catalog.byName('user', namespace, user.metadata.name);
    return (served?.spec?.memberOf ?? []).some(ref => fullGroupRef(ref) === groupRef);
  });
}

/**
 * `samples` rounds of one offboarding and one join (different people, made at the same moment and timed separately).
 * Before each round a random pause of up to one poll interval spreads the changes over the poll's phase.
 */
export async function measureLatency(mode: ChangeMode, setup: ChangeSetup, samples: number, intervalS: number): Promise<{ offboard: Sample[]; join: Sample[] }> {
  const timeoutMs = (mode.how === 'poll' ? intervalS + 60 : 60) * 1000;
  const picker = new Picker(mode, setup);
  const offboard: Sample[] = [];
  const join: Sample[] = [];
  for (let i = 0; i < samples; i++) {
    await sleep(Math.random() * (mode.how === 'poll' ? intervalS : 2) * 1000);
    const leaver = picker.leaver();
    const joiner = picker.joiner();
    const [left, joined] = await Promise.all([offboardOnce(mode, setup, leaver, timeoutMs), joinOnce(mode, setup, joiner, timeoutMs)]);
    offboard.push(left);
    join.push(joined);
    console.log(`  ${mode.name} sample ${i + 1}/${samples}: offboarded in ${left ?? 'timeout'} s, joined in ${joined ?? 'timeout'} s`);
  }
  return { offboard, join };
}
