import { startOrgSyncFixture, type FixtureProvider, type OrgSyncFixture, type OrgSyncFixtureOptions, type StoppableEmulator, type TestedModule } from './orgSyncFixture';

/**
 * Call in a `describe` body: one fixture for the tests in it, started in `beforeAll` and stopped in `afterAll` (the
 * backend first, then the emulator). Its fields are read in tests and hooks; before `beforeAll` has started it (in the
 * `describe` body itself) they throw.
 */
export function useOrgSyncFixture<E extends StoppableEmulator, P extends FixtureProvider<R>, R>(
  options: OrgSyncFixtureOptions<E, P, R>,
): OrgSyncFixture<E, P, R> {
  let started: OrgSyncFixture<E, P, R> | undefined;
  const current = (): OrgSyncFixture<E, P, R> => {
    if (!started) throw new Error('the org-sync fixture is read before its beforeAll started it (or after afterAll stopped it)');
    return started;
  };
  beforeAll(async () => {
    started = await startOrgSyncFixture(options);
  });
  afterAll(async () => {
    await started?.stop();
    started = undefined;
  });
  return {
    get emulator() {
      return current().emulator;
    },
    get database() {
      return current().database;
    },
    get backend() {
      return current().backend;
    },
    get catalog() {
      return current().catalog;
    },
    get logger() {
      return current().logger;
    },
    get providers() {
      return current().providers;
    },
    provider: id => current().provider(id),
    waitForRun: (id, until, waitOptions) => current().waitForRun(id, until, waitOptions),
    processedEntities: (selection, waitOptions) => current().processedEntities(selection, waitOptions),
    restart: change => current().restart(change),
    stop: () => current().stop(),
  };
}

/** `useOrgSyncFixture` with the module filled in: what a module's test harness exports as its `use<Idp>Fixture`. */
export function fixtureFor<P extends FixtureProvider<R>, R>(module: TestedModule<P, R>) {
  return <E extends StoppableEmulator>(options: Omit<OrgSyncFixtureOptions<E, P, R>, 'module'>): OrgSyncFixture<E, P, R> =>
    useOrgSyncFixture({ module, ...options });
}
