import { execFileSync } from 'node:child_process';
import type { BenchArgs } from '../args';
import { SIZES } from '../args';
import type { BenchResult } from '../benchResult';
import { measureBurst } from './burst';
import { CHANGE_MODES } from './modes';
import { runMode } from './suite';
import type { ChangeBenchResult } from './types';

/** The change-event measurements of `--changes` (and the smoke): each mode in its own backend, then the bursts. */
export async function runChanges(args: BenchArgs, tls: { dir: string; env: Record<string, string> }, common: Pick<BenchResult, 'machine' | 'startedAt'>,
  progress: (partial: ChangeBenchResult) => void = () => undefined,
): Promise<ChangeBenchResult> {
  const org = SIZES[args.size];
  const burstOrg = SIZES[args.burstSize];
  const result: ChangeBenchResult = {
    kind: 'changes',
    startedAt: common.startedAt,
    size: args.size,
    org,
    ...(args.burst ? { burstSize: args.burstSize, burstOrg } : {}),
    settings: {
      latencyMs: args.latencyMs,
      database: 'SQLite in memory (better-sqlite3)',
      intervalS: args.intervalS,
      samples: args.samples,
      catalog: 'defaults of @backstage/plugin-catalog-backend 4.0.0',
      commit: commitOf(),
    },
    machine: common.machine,
    modes: [],
    bursts: [],
  };
  const setup = { latencyMs: args.latencyMs, intervalS: args.intervalS, tls, timeoutS: args.syncTimeoutS };
  const burstSetup = { ...setup, timeoutS: Math.min(args.syncTimeoutS, 900) };
  console.log(
    `changes: events.poll.interval ${args.intervalS} s` +
      (args.changeModes.length ? `; size ${args.size} (${org.users} users / ${org.groups} groups), ${args.samples} samples: ${args.changeModes.join(', ')}` : '') +
      (args.burst ? `; burst of ${args.burst} at size ${args.burstSize}: ${args.burstModes.join(', ')}` : ''),
  );
  for (const name of args.changeModes) {
    console.log(`- ${name}`);
    result.modes.push(await runMode(name, { ...setup, generate: { ...org, seed: 8 }, modes: args.changeModes, samples: args.samples, idleIntervals: args.idleIntervals }));
    progress(result);
  }
  for (const name of args.burst ? args.burstModes : []) {
    console.log(`- burst ${name}`);
    result.bursts.push(await measureBurst(CHANGE_MODES[name], args.burst, { ...burstSetup, generate: { ...burstOrg, seed: 8 } }));
    progress(result);
  }
  return result;
}

/** HEAD of the repository the bench runs from, `+dirty` when files differ from it; undefined outside git. */
export function commitOf(): string | undefined {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: __dirname, encoding: 'utf8' }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? '+dirty' : ''}`;
  } catch {
    return undefined;
  }
}
