import type { Entity } from '@backstage/catalog-model';
import { refsOf } from '@orgsync/test-utils';
import { CORPORA, type Corpus } from './corpus/fixtures';
import { settledState } from './settle';
import { TARGETS } from './targets';

/** Processing errors the catalog recorded on an entity. */
const errorsOf = (e: Entity) =>
  ((e as { status?: { items?: Array<{ level: string; message: string }> } }).status?.items ?? []).filter(i => i.level === 'error').map(i => `${refsOf([e])[0]}: ${i.message}`);

/** Syncs a corpus into a fresh backend; returns what the run reported, what the catalog holds, and the warnings. */
async function syncCorpus(corpus: Corpus, fixture: Record<string, unknown>, runs = 1) {
  const target = await TARGETS[corpus.module]({ fixture, providerConfig: corpus.providerConfig });
  try {
    const results = [];
    const refsPerRun: string[][] = [];
    let entities: Entity[] = [];
    for (let i = 0; i < runs; i++) {
      const result = await target.provider.run();
      results.push(result);
      if (result.outcome !== 'applied') return { results, refsPerRun, entities, warnings: target.logger.text() };
      // Waits until the catalog holds exactly what the run reported: an entity it refused would never appear.
      await settledState(target.backend.catalog, result.counts.users + result.counts.groups);
      entities = [...(await target.backend.catalog.query('kind=user')), ...(await target.backend.catalog.query('kind=group'))];
      refsPerRun.push(refsOf(entities));
    }
    // Mapping problems are warnings; records a transformer leaves out (as the official modules do) are info lines.
    const warnings = target.logger.lines.filter(l => l.level === 'warn' || l.level === 'info').map(l => l.message).join('\n');
    return { results, refsPerRun, entities, warnings };
  } finally {
    await target.stop();
  }
}

describe('hostile corpus', () => {
  it.concurrent.each(CORPORA.map(c => [c.module, c] as const))(
    '%s: every record is a valid entity or a named warning, no run fails, names are stable across runs and orderings',
    async (_module, corpus) => {
      const { results, refsPerRun, entities, warnings } = await syncCorpus(corpus, corpus.fixture, 2);
      expect(results.map(r => [r.outcome, r.error])).toEqual([['applied', undefined], ['applied', undefined]]);
      expect(entities.length).toBe(results[0].counts.users + results[0].counts.groups);
      expect(entities.flatMap(errorsOf)).toEqual([]);

      // Every record: an entity carrying its IdP key in an annotation, or named in a warning.
      const annotated = new Set(entities.flatMap(e => Object.values(e.metadata.annotations ?? {}).flatMap(v => [v, v.split('/').pop()!])));
      const unaccounted = corpus.recordKeys(corpus.fixture).filter(key => !annotated.has(key) && !warnings.includes(key));
      expect(unaccounted).toEqual([]);

      // Names stable across two runs, and against the same org listed in reverse order.
      expect(refsPerRun[1]).toEqual(refsPerRun[0]);
      const reversed = await syncCorpus(corpus, corpus.reversed(corpus.fixture));
      expect(reversed.results[0].outcome).toBe('applied');
      expect(reversed.refsPerRun[0]).toEqual(refsPerRun[0]);
    },
    150_000,
  );
});
