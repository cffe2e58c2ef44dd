import crypto from 'node:crypto';
import { Client } from 'pg';

/**
 * One PostgreSQL database (set) for several backend processes, as replicas
 * share one in production: `config()` is the `backend.database` block every
 * replica gets (a prefix of its own, so runs never meet), `drop()` removes
 * every database with that prefix.
 */
export function replicaDatabase(connectionString: string, name: string) {
  const prefix = `orgsync_${name}_${crypto.randomBytes(4).toString('hex')}_`;
  const url = new URL(connectionString);
  return {
    prefix,
    config: () => ({
      client: 'pg',
      prefix,
      connection: { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username || 'postgres') },
    }),
    async drop(): Promise<void> {
      const admin = new Client({ connectionString });
      await admin.connect();
      try {
        const { rows } = await admin.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}%`]);
        for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
