import crypto from 'node:crypto';
import type { Knex } from 'knex';

/** The engine's run history table (`RunHistory` in plugins/catalog-org-sync-node/src/operations). */
const RUNS = 'org_sync_runs';

/**
 * Gives each provider `perProvider` runs in its history: its real last run (it must have one) and copies of it
 * written before it, a minute apart, each a run of its own (run id, start and finish). Answers how many rows the
 * table then holds.
 */
export async function seedRunHistory(knex: Knex, providers: string[], perProvider: number): Promise<number> {
  await knex.transaction(async trx => {
    for (const provider of providers) {
      const latest = await trx(RUNS).where({ provider_name: provider }).orderBy('finished_ms', 'desc').first();
      if (!latest) throw new Error(`${provider} has no run to copy`);
      const copies = Array.from({ length: perProvider - 1 }, (_, i) => {
        const shift = (i + 1) * 60_000;
        const finishedMs = Number(latest.finished_ms) - shift;
        return {
          ...latest,
          run_id: crypto.randomUUID(),
          started_at: new Date(Date.parse(latest.started_at) - shift).toISOString(),
          finished_at: new Date(finishedMs).toISOString(),
          finished_ms: finishedMs,
        };
      });
      await trx.batchInsert(RUNS, copies, 25);
    }
  });
  const [{ n }] = await knex(RUNS).count({ n: '*' });
  return Number(n);
}
