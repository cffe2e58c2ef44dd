import crypto from 'node:crypto';
import type { BenchArgs } from './args';
import { SIZES } from './args';
import { BenchCatalog } from './catalog';
import { freePort, startBackendChild, tail, type BackendChild } from './child';
import { startEmulatorFor, type RunningEmulator } from './emulators';
import type { Impl } from './impls';
import { awaitQueryable, awaitRenamesVisible, awaitSync, watchRequests, type SyncMeasurement } from './measure';
import { PostgresDatabases } from './postgres';

export const SQLITE_IN_MEMORY = { client: 'better-sqlite3', connection: ':memory:' };

export interface ImplResult {
  impl: string;
  idp: string;
  side: 'ours' | 'peer';
  module: string;
  ok: boolean;
  error?: string;
  cold?: SyncMeasurement;
  noChange?: SyncMeasurement;
  change1pct?: SyncMeasurement & { changed: { renamedUsers: number; membershipChanges: number } };
  /** With `--replicas`: each backend process of the run, in the order they listened (the first one created the databases). */
  replicas?: ReplicaFigures[];
}

/** One replica's share of a `--replicas` run, read when every user was queryable (or the cold sync ended without `--queryable`). */
export interface ReplicaFigures {
  /** Whether the provider's cold sync ran on this replica. */
  ranColdSync: boolean;
  /** Seconds from the harness starting the backends until this one listened. */
  listeningAfterS: number;
  peakRssMb: number;
  /** CPU seconds (user + system) the process used from listening until then: its share of the sync and the catalog's processing. */
  cpuS: number;
}

export function backendConfig(port: number, token: string, database: Record<string, unknown>, processingIntervalS?: number) {
  return {
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      database,
      auth: { externalAccess: [{ type: 'static', options: { token, subject: 'bench' } }] },
    },
    catalog: { locations: [], ...(processingIntervalS ? { processingInterval: { seconds: processingIntervalS } } : {}) },
  };
}

/** Deep merge of plain config objects (the impl's `catalog.providers` into the base `catalog`). */
export function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      prev && v && typeof prev === 'object' && typeof v === 'object' && !Array.isArray(v) && !Array.isArray(prev)
        ? merge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** The replica whose log shows the sync starting after `since` (the scheduler's global lock lets one of them run it). */
async function replicaThatStarts(impl: Impl, children: BackendChild[], since: number, timeoutMs: number): Promise<BackendChild> {
  if (children.length === 1) return children[0];
  try {
    return await Promise.any(children.map(c => c.waitForLine([impl.started], since, timeoutMs).then(() => c)));
  } catch {
    return children[0]; // none started: awaitSync on the first reports it
  }
}

/** One sync, measured: from `since`, requests counted from zero. */
async function measureSync(impl: Impl, children: BackendChild[], emulator: RunningEmulator, since: number, args: BenchArgs): Promise<{ measured: SyncMeasurement; child: BackendChild }> {
  const watch = watchRequests(emulator);
  const child = await replicaThatStarts(impl, children, since, args.syncTimeoutS * 1000);
  const sync = await awaitSync(impl, child, since, args.syncTimeoutS * 1000);
  await new Promise(r => setTimeout(r, 300)); // let the last responses be counted
  const requestWindowS = watch.stop();
  const base = { requests: emulator.counters(), requestWindowS, peakRssMb: child.peakRssMb() };
  if (!sync.ok) return { measured: { ok: false, error: sync.error, ...base }, child };
  const measured: SyncMeasurement = {
    ok: true,
    wallS: (sync.end.t - sync.start.t) / 1000,
    phases: sync.log.phases,
    readMode: sync.log.readMode,
    ...(sync.log.readStats ? { readStats: sync.log.readStats } : {}),
    users: sync.log.users,
    groups: sync.log.groups,
    ...base,
  };
  return { measured, child };
}

export async function runImpl(impl: Impl, args: BenchArgs, tls: { dir: string; env: Record<string, string> }): Promise<ImplResult> {
  const result: ImplResult = { impl: impl.name, idp: impl.idp, side: impl.side, module: impl.module, ok: false };
  const size = SIZES[args.size];
  const emulator = await startEmulatorFor(impl.idp, {
    generate: { users: size.users, groups: size.groups, seed: 8 },
    latencyMs: args.latencyMs,
    rateLimits: args.rateLimits,
    tlsDir: tls.dir,
  });
  const children: BackendChild[] = [];
  let database: PostgresDatabases | undefined;
  try {
    const token = crypto.randomBytes(16).toString('hex');
    emulator.resetCounters();
    const since = Date.now();
    database = args.database === 'postgres' ? await PostgresDatabases.create() : undefined;
    const listeningAfterS: number[] = [];
    const cpuAtListening: number[] = [];
    const start = async () => {
      const port = await freePort();
      const config = merge(backendConfig(port, token, database?.config ?? SQLITE_IN_MEMORY, args.processingIntervalS), impl.config(emulator));
      const child = await startBackendChild({ entry: impl.entry, preload: impl.preload, heapMb: args.heapMb, config, port, env: impl.idp === 'graph' ? tls.env : {} });
      const index = children.push(child) - 1;
      listeningAfterS[index] = (Date.now() - since) / 1000;
      cpuAtListening[index] = child.cpuS();
      return child;
    };
    // The first replica creates the databases and runs the migrations; the others then start side by side, as a
    // deployment's replicas would, while the first one's scheduler waits out the sync's initial delay.
    const first = await start();
    await Promise.all(Array.from({ length: (args.replicas ?? 1) - 1 }, start));
    const catalog = new BenchCatalog(`http://localhost:${first.port}`, token);
    const { measured: cold, child } = await measureSync(impl, children, emulator, since, args);
    result.cold = cold;
    log(impl, 'cold', cold);
    if (!cold.ok) throw new Error(`cold sync failed: ${cold.error}`);
    if (args.queryable) {
      const started = child.lines.find(l => l.t >= since && impl.started.test(l.message))!.t;
      Object.assign(cold, await awaitQueryable(catalog, cold.users!, cold.groups!, started, args.queryableTimeoutS * 1000));
      cold.peakRssMb = child.peakRssMb();
      console.log(`  ${impl.name}: users queryable after ${cold.queryableS ?? 'timeout'} s, groups after ${cold.allQueryableS ?? 'timeout'} s`);
    }
    if (args.replicas !== undefined) {
      result.replicas = children.map((c, i) => ({ ranColdSync: c === child, listeningAfterS: listeningAfterS[i], peakRssMb: c.peakRssMb(), cpuS: Math.round((c.cpuS() - cpuAtListening[i]) * 10) / 10 }));
      console.log(`  ${impl.name}: replicas ${result.replicas.map((r, i) => `#${i + 1} ${r.peakRssMb} MB / ${r.cpuS.toFixed(0)} CPU s${r.ranColdSync ? ' (ran the sync)' : ''}`).join(', ')}`);
    }

    for (const phase of args.coldOnly ? [] : (['noChange', 'change1pct'] as const)) {
      const changed = phase === 'change1pct' ? await emulator.change(0.01) : undefined;
      emulator.resetCounters();
      children.forEach(c => c.resetPeakRss());
      const at = Date.now();
      await catalog.trigger(impl.task);
      const { measured } = await measureSync(impl, children, emulator, at, args);
      if (phase === 'noChange') result.noChange = measured;
      else {
        const change = (result.change1pct = { ...measured, changed: changed! });
        if (args.queryable && measured.ok) {
          // Every emulator's change(…) puts "Renamed" in the renamed users' display names.
          change.changeVisibleS = await awaitRenamesVisible(catalog, 'renamed', changed!.renamedUsers, at, args.queryableTimeoutS * 1000);
          console.log(`  ${impl.name}: the 1% change visible in the catalog after ${change.changeVisibleS ?? 'timeout'} s`);
        }
      }
      log(impl, phase, measured);
      if (!measured.ok) throw new Error(`${phase} sync failed: ${measured.error}`);
    }
    result.ok = true;
  } catch (error) {
    result.error = (error as Error).message;
    console.error(`  ${impl.name}: FAILED ${result.error}${children.map(c => `\n${tail(c.lines)}`).join('')}`);
  } finally {
    await Promise.all(children.map(c => c.stop()));
    await emulator.close();
    await database?.drop();
  }
  return result;
}

function log(impl: Impl, phase: string, m: SyncMeasurement) {
  const what = m.ok ? `${m.wallS?.toFixed(1)} s, ${m.users} users / ${m.groups} groups` : `FAILED (${m.error})`;
  console.log(`  ${impl.name} ${phase}: ${what}, ${m.requests.total} requests, peak RSS ${m.peakRssMb} MB`);
}
