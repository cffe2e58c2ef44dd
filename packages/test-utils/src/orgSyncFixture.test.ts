import type { Entity } from '@backstage/catalog-model';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { TestDatabases } from '@backstage/backend-test-utils';
import { startOrgSyncFixture, type FixtureProvider, type TestedModule } from './orgSyncFixture';
import { useOrgSyncFixture } from './useOrgSyncFixture';

/** What one run of an echo provider applied. */
interface EchoRun {
  users: string[];
}

/** A provider that emits the users its config names, one full mutation a run: the smallest module the fixture can hold. */
class EchoProvider implements FixtureProvider<EchoRun> {
  private connection?: EntityProviderConnection;
  private last?: EchoRun;

  constructor(
    readonly id: string,
    private readonly users: string[],
  ) {}

  getProviderName(): string {
    return `echo:${this.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
  }

  lastRun(): EchoRun | undefined {
    return this.last;
  }

  async run(): Promise<EchoRun> {
    if (!this.connection) throw new Error(`${this.getProviderName()} is not connected`);
    const location = `echo:${this.id}`;
    const entities = this.users.map(name => ({ locationKey: location, entity: userEntity(name, location) }));
    await this.connection.applyMutation({ type: 'full', entities });
    this.last = { users: this.users };
    return this.last;
  }
}

function userEntity(name: string, location: string): Entity {
  const annotations = { 'backstage.io/managed-by-location': location, 'backstage.io/managed-by-origin-location': location };
  return { apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name, annotations }, spec: { memberOf: [] } };
}

/** Reads `catalog.providers.echo.<id>.users` as the module's factory would read its config. */
const echoModule: TestedModule<EchoProvider, EchoRun> = {
  moduleId: 'echo-test',
  configKey: 'echo',
  createProviders: ({ config }) => {
    const providers = config.getConfig('catalog.providers.echo');
    return providers.keys().map(id => new EchoProvider(id, providers.getStringArray(`${id}.users`)));
  },
};

/** Stands where an emulator does: the fixture starts it first and stops it last. */
class Directory {
  stopped = false;
  constructor(readonly people: string[]) {}
  async close(): Promise<void> {
    this.stopped = true;
  }
}

describe('useOrgSyncFixture: a backend with one module against one emulator', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'], disableDocker: true });
  const fixture = useOrgSyncFixture({
    module: echoModule,
    emulator: async () => new Directory(['ada', 'grace']),
    database: () => databases.init('SQLITE_3'),
    providers: directory => ({ main: { users: directory.people }, other: { users: ['linus'] } }),
  });

  it('hands the module its config at catalog.providers.<configKey>, and finds providers by id or name', async () => {
    expect(fixture.providers.map(p => p.getProviderName()).sort()).toEqual(['echo:main', 'echo:other']);
    expect(fixture.provider('echo:main')).toBe(fixture.provider('main'));
    expect(() => fixture.provider('nobody')).toThrow('no provider with the id or name nobody (there are echo:main, echo:other)');
  });

  it('waits for what the run applied, and for the run itself', async () => {
    const run = fixture.provider('main').run();
    expect(await fixture.waitForRun('main', latest => latest.users.length === 2)).toEqual({ users: ['ada', 'grace'] });
    await run;
    const entities = await fixture.processedEntities({ location: 'echo:main', count: 2 });
    expect(entities.map(e => e.metadata.name).sort()).toEqual(['ada', 'grace']);
  });

  it('restarts with another provider config on the same database: what the first backend stored is still there', async () => {
    const database = fixture.database;
    await fixture.restart({ providers: () => ({ main: { users: ['ada', 'grace', 'hedy'] } }) });
    expect(fixture.database).toBe(database);
    expect(fixture.providers.map(p => p.getProviderName())).toEqual(['echo:main']);
    expect((await fixture.catalog.managedBy('echo:main')).map(e => e.metadata.name).sort()).toEqual(['ada', 'grace']);
    await fixture.provider('main').run();
    await fixture.processedEntities({ location: 'echo:main', count: 3 });
    expect(fixture.emulator.stopped).toBe(false);
  });
});

describe('startOrgSyncFixture', () => {
  it('stops the emulator when the backend does not start', async () => {
    const directory = new Directory([]);
    const failing: TestedModule<EchoProvider, EchoRun> = {
      ...echoModule,
      createProviders: () => {
        throw new Error('the module refuses its config');
      },
    };
    const start = startOrgSyncFixture({ module: failing, emulator: async () => directory, providers: () => ({}) });
    await expect(start).rejects.toThrow('the module refuses its config');
    expect(directory.stopped).toBe(true);
  });

  it('stop() stops the backend and the emulator', async () => {
    const directory = new Directory(['ada']);
    const fixture = await startOrgSyncFixture({ module: echoModule, emulator: async () => directory, providers: d => ({ main: { users: d.people } }) });
    await fixture.stop();
    expect(directory.stopped).toBe(true);
    await expect(fixture.catalog.request('/entities')).rejects.toThrow();
  });
});
