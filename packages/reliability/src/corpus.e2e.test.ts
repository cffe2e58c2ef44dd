import { describeWithPostgres, usePostgresDatabases } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { expectEveryRecordSafeOrNamed, syncTarget } from './corpus/check';
import { CORPORA, type Corpus } from './corpus/fixtures';
import { TARGETS } from './targets';

/** Syncs a corpus into a fresh backend; returns what the run reported, what the catalog holds, and the warnings. */
async function syncCorpus(corpus: Corpus, fixture: Record<string, unknown>, runs = 1, database?: Knex) {
  return syncTarget(await TARGETS[corpus.module]({ fixture, providerConfig: corpus.providerConfig, database }), runs);
}

function hostileCorpus(database?: () => Promise<Knex>) {
  it.concurrent.each(CORPORA.map(c => [c.module, c] as const))(
    '%s: every record is a valid entity or a named warning, no run fails, names are stable across runs and orderings',
    async (_module, corpus) => {
      const { results, refsPerRun, entities, warnings } = await syncCorpus(corpus, corpus.fixture, 2, await database?.());
      expectEveryRecordSafeOrNamed({ results, entities, warnings }, corpus.recordKeys(corpus.fixture));

      // Names stable across two runs, and against the same org listed in reverse order.
      expect(refsPerRun[1]).toEqual(refsPerRun[0]);
      const reversed = await syncCorpus(corpus, corpus.reversed(corpus.fixture), 1, await database?.());
      expect(reversed.results[0].outcome).toBe('applied');
      expect(reversed.refsPerRun[0]).toEqual(refsPerRun[0]);
    },
    150_000,
  );
}

describe('hostile corpus on SQLite', () => {
  hostileCorpus();
});

describeWithPostgres('hostile corpus on PostgreSQL', () => {
  hostileCorpus(usePostgresDatabases());
});
