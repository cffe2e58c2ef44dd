import type { MatrixCell } from './runScenario';

/** What is wrong with one cell, in words naming the module and the fault; empty when it is right. */
export function problemsOf(cell: MatrixCell, scenario: { id: string; expect: 'guarded' | 'complete-or-unchanged' }, logText: string, providerName: string): string[] {
  const at = `${cell.module} × ${scenario.id}`;
  const problems: string[] = [];
  if (cell.lost || cell.gained || cell.changed) {
    problems.push(`${at}: catalog changed (${cell.lost} lost, ${cell.gained} gained, ${cell.changed} changed) with outcome ${cell.result.outcome}`);
  }
  if (cell.result.providerName !== providerName) problems.push(`${at}: RunResult names ${cell.result.providerName}`);
  if (scenario.expect === 'guarded') {
    const planId = cell.result.guard?.planId;
    if (cell.result.outcome !== 'guarded') problems.push(`${at}: expected the guard to refuse, got ${cell.result.outcome} (${cell.cause})`);
    else if (!planId || !logText.includes(`guard.acceptPlan: "${planId}"`)) problems.push(`${at}: guard message does not say how to accept (guard.acceptPlan)`);
  }
  if (cell.result.outcome !== 'applied' && (!cell.cause || !cell.logged)) problems.push(`${at}: no error line naming ${providerName} and the cause`);
  if (!cell.recovered) problems.push(`${at}: the next healthy run did not bring the catalog back to the baseline`);
  return problems;
}
