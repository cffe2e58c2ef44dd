import type { RunResult } from '@orgsync/plugin-catalog-org-sync-node';
import { diffStates, type CatalogState } from '../catalogState';
import { settledState, sleep } from '../settle';
import type { SyncTarget } from '../targets';
import type { Arranged } from './scenarios';

/** What a scenario needs of a target: its provider in a backend, its log, and a way to clear every fault. */
export type ScenarioTarget = Pick<SyncTarget, 'module' | 'provider' | 'backend' | 'logger'> & { server: { faults: { clear(): void } } };

export interface MatrixCell {
  module: string;
  fault: string;
  outcome: 'applied-correct' | 'refused-unchanged' | 'DATA CHANGED';
  /** Refs the faulty run took out of the catalog (must be 0). */
  lost: number;
  gained: number;
  changed: number;
  /** The cause as the RunResult states it (error or guard reason). */
  cause: string;
  /** An error-level log line names the provider and the cause. */
  logged: boolean;
  /** The next healthy run applied and the catalog equals the baseline again. */
  recovered: boolean;
  result: RunResult;
}

/** A refused run has nothing to apply; this is how long we watch the catalog for a change that should not come. */
const QUIET_MS = 2000;

/**
 * Injects one fault after a healthy baseline, runs the provider, compares the
 * catalog with the baseline (refs and content hashes), then runs healthy again.
 */
export async function runScenario<T extends ScenarioTarget>(target: T, scenario: { id: string; arrange(target: T): Arranged | Promise<Arranged> }, baseline: CatalogState): Promise<MatrixCell> {
  const { provider, backend, logger, server } = target;
  logger.clear();
  server.faults.clear();
  const arranged = await scenario.arrange(target);
  let result: RunResult;
  try {
    [result] = await Promise.all([provider.run({ signal: arranged.signal }), arranged.during?.()]);
  } finally {
    server.faults.clear();
    await arranged.restore?.();
  }

  let after: CatalogState;
  if (result.outcome === 'applied') {
    after = await settledState(backend.catalog, result.counts.users + result.counts.groups);
  } else {
    await sleep(QUIET_MS);
    after = await settledState(backend.catalog, Object.keys(baseline).length);
  }
  const diff = diffStates(baseline, after);
  const unchanged = diff.lost.length + diff.gained.length + diff.changed.length === 0;
  const cause = result.error ?? result.guard?.reason ?? '';
  const name = provider.getProviderName();
  const logged =
    result.outcome === 'applied' ||
    logger.lines.some(l => l.level === 'error' && l.message.includes(name) && (result.error ? l.message.includes(result.error) : l.message.includes('guard.acceptPlan')));

  const recovery = await provider.run();
  const recoveredState = recovery.outcome === 'applied' ? await settledState(backend.catalog, Object.keys(baseline).length) : undefined;
  const recovered = !!recoveredState && JSON.stringify(recoveredState) === JSON.stringify(baseline);

  return {
    module: target.module,
    fault: scenario.id,
    outcome: !unchanged ? 'DATA CHANGED' : result.outcome === 'applied' ? 'applied-correct' : 'refused-unchanged',
    lost: diff.lost.length,
    gained: diff.gained.length,
    changed: diff.changed.length,
    cause,
    logged,
    recovered,
    result,
  };
}
