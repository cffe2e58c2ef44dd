import crypto from 'node:crypto';
import { Client } from 'pg';

const POSTGRES_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * The databases of one benchmarked backend on PostgreSQL: a prefix no other
 * run uses (Backstage creates one database per plugin under it), dropped after.
 */
export class PostgresDatabases {
  private constructor(
    private readonly connectionString: string,
    private readonly prefix: string,
  ) {}

  static async create(): Promise<PostgresDatabases> {
    const connectionString = process.env[POSTGRES_ENV] ?? 'postgresql://postgres@127.0.0.1:5432';
    const client = new Client({ connectionString });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(`--database postgres: cannot connect to ${redactPassword(connectionString)} (set ${POSTGRES_ENV}): ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    return new PostgresDatabases(connectionString, `orgsync_bench_${crypto.randomBytes(4).toString('hex')}_`);
  }

  /** `backend.database` for the backend's config. */
  get config(): Record<string, unknown> {
    const url = new URL(this.connectionString);
    return {
      client: 'pg',
      prefix: this.prefix,
      connection: {
        host: url.hostname,
        port: Number(url.port || 5432),
        user: decodeURIComponent(url.username || 'postgres'),
        ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      },
    };
  }

  async drop(): Promise<void> {
    const client = new Client({ connectionString: this.connectionString });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${this.prefix}%`]);
      for (const row of rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
}

function redactPassword(connectionString: string): string {
  return connectionString.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
