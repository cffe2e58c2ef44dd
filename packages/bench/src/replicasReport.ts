import { sizeOrder } from './args';
import type { BenchResult } from './benchResult';
import type { ImplResult } from './runImpl';

const s = (v: number | undefined, digits = 1) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits));
const load = (l: number[] | undefined) => (l ? l.map(v => v.toFixed(1)).join(' / ') : '–');

/** Runs made with `--replicas` (their own section: the sync tables compare ours with the peers on one backend). */
export const isReplicaRun = (bench: BenchResult) => bench.settings.replicas !== undefined;

interface Row {
  run: BenchResult;
  result: ImplResult;
}

/**
 * Every `--replicas` run, one row each, by size, implementation, replica count and start: rows of one table come
 * from different runs, so each names its own start (repeated runs show the run-to-run spread).
 */
export function replicaRows(runs: BenchResult[]): Row[] {
  return runs
    .filter(isReplicaRun)
    .flatMap(run => run.results.map(result => ({ run, result })))
    .sort(
      (a, b) =>
        sizeOrder(a.run.size) - sizeOrder(b.run.size) ||
        a.result.impl.localeCompare(b.result.impl) ||
        a.run.settings.replicas! - b.run.settings.replicas! ||
        a.run.startedAt.localeCompare(b.run.startedAt),
    );
}

export function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function perReplica(result: ImplResult, value: (r: NonNullable<ImplResult['replicas']>[number]) => string): string {
  return result.replicas?.map((r, i) => `#${i + 1}${r.ranColdSync ? '*' : ''} ${value(r)}`).join(', ') ?? '–';
}

/**
 * One table per size and machine (CPU model), in the order of their first runs: a ratio between runs on different
 * machines would measure the machines, so the 1-replica median each row is divided by comes from its own table.
 */
function tables(rows: Row[]) {
  const byMachine = new Map<string, Row[]>();
  for (const row of rows) {
    const key = JSON.stringify([row.run.size, row.run.machine.cpuModel]);
    byMachine.set(key, [...(byMachine.get(key) ?? []), row]);
  }
  const machinesOf = (size: string) => new Set(rows.filter(r => r.run.size === size).map(r => r.run.machine.cpuModel)).size;
  const firstStart = (ofSize: Row[]) => ofSize.map(r => r.run.startedAt).sort()[0];
  return [...byMachine.values()]
    .map(ofSize => ({ size: ofSize[0].run.size, cpuModel: ofSize[0].run.machine.cpuModel, ofSize, machines: machinesOf(ofSize[0].run.size) }))
    .sort((a, b) => sizeOrder(a.size) - sizeOrder(b.size) || firstStart(a.ofSize).localeCompare(firstStart(b.ofSize)));
}

/** The "First sync on replicas" section: one table per size and machine, then what the rows say, in figures taken from them. */
export function replicasMarkdown(runs: BenchResult[]): string {
  const rows = replicaRows(runs);
  if (!rows.length) return '';
  const sections = tables(rows).map(({ size, cpuModel, ofSize, machines }) => {
    const { org } = ofSize[0].run;
    const m = ofSize[0].run.machine;
    const queryable = (impl: string, replicas: number) =>
      ofSize.filter(r => r.result.impl === impl && r.run.settings.replicas === replicas).flatMap(r => (r.result.cold?.queryableS === undefined ? [] : [r.result.cold.queryableS]));
    const cpuInAll = (impl: string, replicas: number) =>
      ofSize
        .filter(r => r.result.impl === impl && r.run.settings.replicas === replicas && r.result.replicas?.length)
        .map(r => r.result.replicas!.reduce((sum, one) => sum + one.cpuS, 0));
    const table = ofSize.map(({ run, result }) => {
      const c = result.cold;
      const base = median(queryable(result.impl, 1));
      const vs = run.settings.replicas === 1 || !base || !c?.queryableS ? '–' : `${(c.queryableS / base).toFixed(2)}×`;
      const outcome = result.ok ? 'ok' : `**failed**: ${(result.error ?? '').slice(0, 80)}`;
      const served = c?.servedUsers !== undefined && c.servedUsers < (c.users ?? 0) ? ` (only ${c.servedUsers})` : '';
      return `| ${run.startedAt} | ${result.impl} | ${run.settings.replicas} | ${outcome} | ${c?.users ?? '–'} / ${c?.groups ?? '–'} | ${s(c?.wallS)} | ${s(c?.queryableS)}${served} | ${vs} | ${s(c?.allQueryableS)} | ${perReplica(result, r => `${r.peakRssMb}`)} | ${perReplica(result, r => s(r.cpuS, 0))} | ${load(run.machine.loadAvgAtStart)} → ${load(run.machine.loadAvgAtEnd)} |`;
    });
    const figures = [...new Set(ofSize.map(r => `${r.result.impl} ${r.run.settings.replicas}`))]
      .map(key => {
        const [impl, replicas] = key.split(' ');
        const values = queryable(impl, Number(replicas));
        const spread = values.length > 1 ? ` (median of ${values.length} runs: ${values.map(v => s(v, 0)).join(', ')} s)` : '';
        const on = `${impl} on ${replicas} replica${replicas === '1' ? '' : 's'}`;
        const cpu = median(cpuInAll(impl, Number(replicas)));
        const vs = median(queryable(impl, 1));
        const ratio = replicas !== '1' && vs && values.length ? `, ${(median(values)! / vs).toFixed(2)}× the 1-replica median` : '';
        const used = cpu === undefined ? '' : `, ${s(cpu, 0)} CPU s in all replicas together${values.length > 1 ? ' (median)' : ''}`;
        return values.length ? `${on} ${s(median(values), 0)} s${spread}${ratio}${used}` : `${on}: not queryable in time`;
      })
      .join('; ');
    return [
      `### First sync on replicas, size ${size}: ${org.users.toLocaleString('en')} users / ${org.groups.toLocaleString('en')} groups, PostgreSQL${machines > 1 ? `, ${cpuModel}` : ''}`,
      '',
      `**Each row is its own run** (named by its start), every run made with \`--replicas\`; ${m.cpus} CPUs (${m.cpuModel}) shared by all replicas of a run, ` +
        `${m.memoryGb} GB, Node ${m.node}; ${ofSize[0].run.settings.latencyMs} ms per emulator request; catalog: ${ofSize[0].run.settings.catalog}. ` +
        'N backend processes of our module share one PostgreSQL database: the provider’s cold sync runs on one of them (marked *), the catalog’s ' +
        'processing on all. *Users queryable* is from the sync’s start until the catalog API (asked on the first replica) serves every applied user. ' +
        'CPU s is what each process used from listening until every group was queryable too. The load averages (1/5/15 min, at the run’s start → end) show other work on the machine.',
      '',
      '| run | implementation | replicas | result | users / groups applied | cold sync s | users queryable s | vs 1 replica (median of its runs here) | all queryable s | peak RSS MB per replica | CPU s per replica | load avg |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...table,
      '',
      figures ? `Every user queryable after: ${figures}.\n` : '',
    ].join('\n');
  });
  return `## First sync on replicas\n\n${sections.join('\n')}`;
}
