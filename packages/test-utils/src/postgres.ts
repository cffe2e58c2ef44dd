import net from 'node:net';

export const POSTGRES_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
/** Set (by CI) to make a missing PostgreSQL a test failure instead of a skip. */
export const REQUIRE_POSTGRES_ENV = 'ORGSYNC_REQUIRE_POSTGRES';

/**
 * The PostgreSQL connection string for tests, or undefined when none is
 * configured. `npm test` (scripts/test.js) sets it when a server answers on
 * 127.0.0.1:5432.
 */
export function postgresConnectionString(): string | undefined {
  const value = process.env[POSTGRES_ENV];
  if (value) return value;
  if (process.env[REQUIRE_POSTGRES_ENV]) {
    throw new Error(`${REQUIRE_POSTGRES_ENV} is set but ${POSTGRES_ENV} is not: PostgreSQL tests are mandatory here`);
  }
  return undefined;
}

/** `describe` when PostgreSQL is available, else a skipped `describe` that says why. */
export function describeWithPostgres(name: string, fn: (connectionString: string) => void): void {
  const connection = postgresConnectionString();
  if (connection) {
    describe(name, () => fn(connection));
  } else {
    describe.skip(`${name} (skipped: PostgreSQL not reachable; set ${POSTGRES_ENV})`, () => {
      it('needs PostgreSQL', () => undefined);
    });
  }
}

/** True when something accepts TCP connections at host:port within the timeout. */
export function isPortOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
