import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, SIZES } from './args';
import { devTlsEnv } from './emulators';
import { IMPLS } from './impls';
import { changeMarkdown, changeResultKey } from './changes/report';
import { commitOf, runChanges } from './changes/runChanges';
import { markdownTables, resultKey, writeDocs } from './report';
import type { BenchResult } from './benchResult';
import { runImpl } from './runImpl';
import { scimMarkdown } from './scim/report';
import { runScim } from './scim/runScim';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const tlsEnv = await devTlsEnv();
  const tls = { dir: tlsEnv.IDP_EMULATORS_TLS_DIR, env: tlsEnv };
  const bench: BenchResult = {
    startedAt: new Date().toISOString(),
    size: args.size,
    org: SIZES[args.size],
    settings: {
      latencyMs: args.latencyMs,
      rateLimits: args.rateLimits,
      database:
        args.database === 'postgres'
          ? `PostgreSQL (a fresh database per implementation${args.replicas ? `, shared by ${args.replicas} backend replica${args.replicas > 1 ? 's' : ''}` : ''})`
          : 'SQLite in memory (better-sqlite3)',
      queryable: args.queryable,
      catalog: `${args.processingIntervalS ? `catalog.processingInterval ${args.processingIntervalS} s, otherwise ` : ''}defaults of @backstage/plugin-catalog-backend 4.0.0 (processing: 10 entities in flight, 1 s polling; stitching polling 1 s)`,
      processingIntervalS: args.processingIntervalS,
      heapMb: args.heapMb,
      replicas: args.replicas,
    },
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadAvgAtStart: os.loadavg(),
    },
    results: [],
  };
  const dir = args.smoke ? fs.mkdtempSync(path.join(os.tmpdir(), 'orgsync-bench-')) : path.join(REPO_ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const save = (key: string, value: unknown) => {
    const file = path.join(dir, `${bench.startedAt.replace(/[:.]/g, '-')}-${key}.json`);
    fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
    return path.relative(REPO_ROOT, file) || file;
  };
  const failures: string[] = [];

  if (args.changes || args.smoke) {
    // Saved after every mode, so a run cut short keeps what it measured.
    const changes = await runChanges(args, tls, bench, partial => save(changeResultKey(partial), partial));
    const file = save(changeResultKey(changes), changes);
    console.log(`\n${changeMarkdown(changes)}\nresults: ${file}`);
    failures.push(...changes.modes.filter(m => !m.ok).map(m => `${m.mode} (${m.error})`), ...changes.bursts.filter(b => !b.ok).map(b => `burst ${b.mode} (${b.error})`));
  }
  if (args.scim || args.smoke) {
    const options = { databases: args.scimDatabases, users: args.scimUsers, concurrency: 16, samples: args.samples, timeoutS: args.syncTimeoutS };
    const scim = await runScim(options, { ...bench, commit: commitOf() });
    const file = save('scim', scim);
    console.log(`\n${scimMarkdown(scim)}\nresults: ${file}`);
    failures.push(...scim.databases.filter(d => !d.ok).map(d => `scim on ${d.database} (${d.error})`));
  }
  if (args.changes || args.scim) return finish(args.writeDocs, failures);

  console.log(`bench: size ${args.size} (${bench.org.users} users / ${bench.org.groups} groups), ${args.latencyMs} ms latency${args.rateLimits ? ', Okta rate limits' : ''}, ${bench.settings.database}: ${args.impls.join(', ')}`);
  for (const name of args.impls) {
    console.log(`- ${name}`);
    bench.results.push(await runImpl(IMPLS[name], args, tls));
  }

  bench.machine.loadAvgAtEnd = os.loadavg();
  const file = save(resultKey(bench), bench);
  console.log(`\n${markdownTables(bench)}\nresults: ${file}`);
  failures.push(...bench.results.filter(r => !r.ok).map(r => `${r.impl} (${r.error})`));
  finish(args.writeDocs, failures);
}

function finish(docs: boolean, failures: string[]) {
  if (docs) console.log(`docs: ${path.relative(REPO_ROOT, writeDocs(REPO_ROOT))}`);
  if (failures.length) {
    console.error(`failed: ${failures.join('; ')}`);
    process.exitCode = 1;
  }
}

main().then(
  // Exit even if a stray timer or socket of a child's client is still open.
  () => process.exit(process.exitCode ?? 0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
