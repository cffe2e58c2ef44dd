import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ChangeCatalog } from '../catalog';
import { freePort, startBackendChild, tail, type BackendChild } from '../child';
import { PostgresDatabases } from '../postgres';
import { backendConfig, merge, SQLITE_IN_MEMORY } from '../runImpl';
import { measureDeactivations, measureProvisioning, ScimSender, untilReady } from './measure';
import type { ScimBenchResult, ScimDatabaseResult } from './types';

/** What one SCIM measurement takes from the command line. */
export interface ScimOptions {
  databases: Array<'sqlite' | 'postgres'>;
  users: number;
  concurrency: number;
  samples: number;
  timeoutS: number;
}

const ENTRY = path.resolve(__dirname, '..', 'backends', 'ours-scim.js');
const PROVIDER_ID = 'bench';

/**
 * Issue #31's figures: for each database, a backend of its own (the catalog and the SCIM module, nothing else) takes
 * `users` POST /Users while it applies them, then `samples` deactivations are timed to the User's 404.
 */
export async function runScim(options: ScimOptions, common: Pick<ScimBenchResult, 'machine' | 'startedAt'> & { commit?: string }): Promise<ScimBenchResult> {
  const result: ScimBenchResult = {
    kind: 'scim',
    startedAt: common.startedAt,
    settings: {
      users: options.users,
      concurrency: options.concurrency,
      samples: options.samples,
      catalog: 'defaults of @backstage/plugin-catalog-backend 4.0.0; the backend and the client on the same machine',
      commit: common.commit,
    },
    machine: common.machine,
    databases: [],
  };
  console.log(`scim: ${options.users} POST /Users, ${options.concurrency} at a time, then ${options.samples} deactivations: ${options.databases.join(', ')}`);
  for (const database of options.databases) {
    console.log(`- scim on ${database}`);
    result.databases.push(await measureOn(database, options));
  }
  return result;
}

async function measureOn(database: 'sqlite' | 'postgres', options: ScimOptions): Promise<ScimDatabaseResult> {
  const result: ScimDatabaseResult = { database, ok: false, loadAvg1: Math.round(os.loadavg()[0] * 10) / 10 };
  let postgres: PostgresDatabases | undefined;
  let child: BackendChild | undefined;
  try {
    postgres = database === 'postgres' ? await PostgresDatabases.create() : undefined;
    const port = await freePort();
    const catalogToken = crypto.randomBytes(16).toString('hex');
    const scimToken = crypto.randomBytes(24).toString('base64url');
    // The guard is off: 1,000 people is not a mass change here, and deactivations are what is measured.
    const provider = { token: scimToken, guard: { enabled: false } };
    const config = merge(backendConfig(port, catalogToken, postgres?.config ?? SQLITE_IN_MEMORY), { catalog: { providers: { scim: { [PROVIDER_ID]: provider } } } });
    const running = await startBackendChild({ entry: ENTRY, config, port });
    child = running;
    const base = `http://localhost:${port}`;
    const sender = new ScimSender(`${base}/api/catalog/org-sync/scim/${PROVIDER_ID}`, scimToken);
    const catalog = new ChangeCatalog(base, catalogToken);
    const timeoutMs = options.timeoutS * 1000;
    await untilReady(base, timeoutMs);
    result.provisioning = await measureProvisioning(sender, catalog, { users: options.users, concurrency: options.concurrency, timeoutMs, cpuS: () => running.cpuS() });
    const p = result.provisioning;
    console.log(`  ${database}: ${p.users} POST /Users at ${p.requestsPerS} requests/s (${p.answeredS} s); all in the catalog after ${p.allInCatalogS} s; backend CPU ${p.backendCpuMsPerUser} ms per POST`);
    result.deactivation = await measureDeactivations(sender, catalog, { samples: options.samples, timeoutMs });
    const d = result.deactivation;
    console.log(`  ${database}: deactivation → 404 over ${d.samplesMs.length} samples: median ${d.medianMs} ms, p90 ${d.p90Ms} ms, max ${d.maxMs} ms`);
    result.ok = true;
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    console.error(`  ${database}: FAILED ${result.error}${child ? `\n${tail(child.lines)}` : ''}`);
  } finally {
    await child?.stop();
    await postgres?.drop();
  }
  return result;
}
