import type { Entity } from '@backstage/catalog-model';
import { describeWithPostgres, refsOf, usePostgresDatabases } from '@orgsync/test-utils';
import type { Knex } from 'knex';
import { CORPORA, type Corpus } from './corpus/fixtures';
import { settledState } from './settle';
import { TARGETS } from './targets';

/** Processing errors the catalog recorded on an entity. */
const errorsOf = (e: Entity) =>
  ((e as { status?: { items?: Array<{ level: string; message: string }> } }).status?.items ?? []).filter(i => i.level === 'error').map(i => `${refsOf([e])[0]}: ${i.message}`);

/** Syncs a corpus into a fresh backend; returns what the run reported, what the catalog holds, and the warnings. */
async function syncCorpus(corpus: Corpus, fixture: Record<string, unknown>, runs = 1, database?: Knex) {
  const target = await TARGETS[corpus.module]({ fixture, providerConfig: corpus.providerConfig, database });
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

/** Every string in an entity, with its path. */
function stringsOf(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [...stringsOf(k, `${path}.<key>`), ...stringsOf(v, `${path}.${k}`)]);
  return [];
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function hostileCorpus(database?: () => Promise<Knex>) {
  it.concurrent.each(CORPORA.map(c => [c.module, c] as const))(
    '%s: every record is a valid entity or a named warning, no run fails, names are stable across runs and orderings',
    async (_module, corpus) => {
      const { results, refsPerRun, entities, warnings } = await syncCorpus(corpus, corpus.fixture, 2, await database?.());
      expect(results.map(r => [r.outcome, r.error])).toEqual([['applied', undefined], ['applied', undefined]]);
      // by-query lists every entity the run applied (an entity holding a NUL is stored on PostgreSQL but never listed).
      expect(entities.length).toBe(results[0].counts.users + results[0].counts.groups);
      expect(entities.flatMap(errorsOf)).toEqual([]);

      // Nothing unsafe reached an entity: no control characters, no field over 4,096 characters, pictures https: or data:image/ only.
      const strings = entities.flatMap(e => stringsOf({ metadata: e.metadata, spec: e.spec }).map(([p, v]) => [`${refsOf([e])[0]}${p}`, v] as const));
      expect(strings.filter(([, v]) => CONTROL.test(v)).map(([p]) => p)).toEqual([]);
      expect(strings.filter(([, v]) => v.length > 4096 && !v.startsWith('data:image/')).map(([p]) => p)).toEqual([]);
      const pictures = entities.map(e => (e.spec?.profile as { picture?: string } | undefined)?.picture).filter((p): p is string => !!p);
      expect(pictures.filter(p => !/^(https:|data:image\/)/.test(p))).toEqual([]);
      expect(warnings).toMatch(/Made \d+ field\(s\) safe for the catalog: /);

      // Every record: an entity carrying its IdP key in an annotation, or named in a warning.
      const annotated = new Set(entities.flatMap(e => Object.values(e.metadata.annotations ?? {}).flatMap(v => [v, v.split('/').pop()!])));
      const unaccounted = corpus.recordKeys(corpus.fixture).filter(key => !annotated.has(key) && !warnings.includes(key));
      expect(unaccounted).toEqual([]);

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
