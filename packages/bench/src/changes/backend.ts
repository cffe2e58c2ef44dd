import crypto from 'node:crypto';
import { ChangeCatalog, refOf, type ServedEntity } from '../catalog';
import { freePort, sleep, startBackendChild, tail, type BackendChild } from '../child';
import { startEmulatorFor, type RunningEmulator } from '../emulators';
import { awaitQueryable, awaitSync } from '../measure';
import { backendConfig, merge, SQLITE_IN_MEMORY } from '../runImpl';
import { implOf, secretFor, type ChangeMode } from './modes';

/** Where each IdP's provider sits in the config. */
const PROVIDER_PATH: Record<string, string[]> = {
  okta: ['catalog', 'providers', 'okta', 'bench'],
  graph: ['catalog', 'providers', 'microsoftGraphOrg', 'bench'],
  github: ['catalog', 'providers', 'githubOrg'],
};

const nest = (path: string[], value: Record<string, unknown>): Record<string, unknown> =>
  path.reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), value);

/** A backend with one provider hearing about changes, after its cold sync, with the catalog serving everyone. */
export interface ChangeSetup {
  emulator: RunningEmulator;
  child: BackendChild;
  catalog: ChangeCatalog;
  users: number;
  groups: number;
  fullReadRequests: number;
  /** The catalog's users by the IdP's id, and group refs by the IdP's group id. */
  usersById: Map<string, ServedEntity>;
  groupRefById: Map<string, string>;
  close(): Promise<void>;
}

export interface SetupOptions {
  generate: { users: number; groups: number; seed: number };
  latencyMs: number;
  intervalS: number;
  tls: { dir: string; env: Record<string, string> };
  timeoutS: number;
  /** Provider config merged last (e.g. `guard`). */
  extra?: Record<string, unknown>;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${Math.round(timeoutMs / 1000)} s`);
    await sleep(200);
  }
}

export async function setUpMode(mode: ChangeMode, options: SetupOptions): Promise<ChangeSetup> {
  const impl = implOf(mode);
  const emulator = await startEmulatorFor(mode.idp, { generate: options.generate, latencyMs: options.latencyMs, rateLimits: false, tlsDir: options.tls.dir });
  let child: BackendChild | undefined;
  try {
    const port = await freePort();
    const token = crypto.randomBytes(16).toString('hex');
    const backend = { port, secret: secretFor() };
    const events = mode.config(emulator, backend, options.intervalS);
    const config = [impl.config(emulator), nest(PROVIDER_PATH[mode.idp], { ...events.provider, ...(options.extra ?? {}) }), events.root ?? {}].reduce(
      (a, b) => merge(a, b),
      backendConfig(port, token, SQLITE_IN_MEMORY),
    );
    emulator.resetCounters();
    const since = Date.now();
    child = await startBackendChild({ entry: mode.entry ?? impl.entry, preload: impl.preload, config, port, env: mode.idp === 'graph' ? options.tls.env : {} });
    const sync = await awaitSync(impl, child, since, options.timeoutS * 1000);
    if (!sync.ok) throw new Error(`cold sync failed: ${sync.error}`);
    const fullReadRequests = emulator.counters().total;
    const catalog = new ChangeCatalog(`http://localhost:${port}`, token);
    const served = await awaitQueryable(catalog, sync.log.users, sync.log.groups, sync.start.t, options.timeoutS * 1000, 10_000);
    if (served.queryableS === undefined) throw new Error('the catalog did not serve every user in time');
    await mode.register?.(emulator, backend);
    emulator.resetCounters();
    await until(`${mode.name}: not ready to hear changes (hook, subscription or first poll)`, () => mode.ready(emulator), (2 * options.intervalS + 30) * 1000);
    const usersById = new Map<string, ServedEntity>();
    for (const user of await catalog.all('user')) {
      const id = user.metadata.annotations?.[mode.userIdAnnotation];
      if (id) usersById.set(id, user);
    }
    const groupRefById = new Map<string, string>();
    for (const group of await catalog.all('group')) {
      const id = group.metadata.annotations?.[mode.groupIdAnnotation];
      if (id) groupRefById.set(id, refOf(group));
    }
    const running = child;
    return {
      emulator,
      child: running,
      catalog,
      users: sync.log.users,
      groups: sync.log.groups,
      fullReadRequests,
      usersById,
      groupRefById,
      async close() {
        await running.stop();
        await emulator.close();
      },
    };
  } catch (error) {
    if (child) console.error(`  ${mode.name}: backend log before the failure:\n${tail(child.lines)}`);
    await child?.stop();
    await emulator.close();
    throw error;
  }
}
