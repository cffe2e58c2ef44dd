import type { Entity } from '@backstage/catalog-model';
import type { RunResult } from '@orgsync/plugin-catalog-org-sync-node';
import { refsOf } from '@orgsync/test-utils';
import { settledState } from '../settle';
import type { SyncTarget } from '../targets';

export interface CorpusSync {
  results: RunResult[];
  /** The catalog's refs after each applied run. */
  refsPerRun: string[][];
  /** Users and groups after the last applied run. */
  entities: Entity[];
  /** Warning and info lines: mapping problems are warnings; records a transformer leaves out are info lines. */
  warnings: string;
}

/** Runs a started target's provider `runs` times (stops at the first run that does not apply), then stops the target. */
export async function syncTarget(target: Pick<SyncTarget, 'provider' | 'backend' | 'logger' | 'stop'>, runs = 1): Promise<CorpusSync> {
  try {
    const results: RunResult[] = [];
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
    const warnings = target.logger.lines.filter(l => l.level === 'warn' || l.level === 'info').map(l => l.message).join('\n');
    return { results, refsPerRun, entities, warnings };
  } finally {
    await target.stop();
  }
}

/** Processing errors the catalog recorded on an entity. */
const errorsOf = (e: Entity) =>
  ((e as { status?: { items?: Array<{ level: string; message: string }> } }).status?.items ?? []).filter(i => i.level === 'error').map(i => `${refsOf([e])[0]}: ${i.message}`);

/** Every string in an entity, with its path. */
function stringsOf(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [...stringsOf(k, `${path}.<key>`), ...stringsOf(v, `${path}.${k}`)]);
  return [];
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Two applied runs of a hostile corpus: every entity accepted by the catalog and safe (no control characters, no field
 * over 4,096 characters, pictures https: or data:image/ only), and every record (`recordKeys`, the IdP's keys) an
 * entity carrying its key in an annotation or named in a warning.
 */
export function expectEveryRecordSafeOrNamed({ results, entities, warnings }: Pick<CorpusSync, 'results' | 'entities' | 'warnings'>, recordKeys: string[]): void {
  expect(results.map(r => [r.outcome, r.error])).toEqual([['applied', undefined], ['applied', undefined]]);
  // by-query lists every entity the run applied (an entity holding a NUL is stored on PostgreSQL but never listed).
  expect(entities.length).toBe(results[0].counts.users + results[0].counts.groups);
  expect(entities.flatMap(errorsOf)).toEqual([]);

  const strings = entities.flatMap(e => stringsOf({ metadata: e.metadata, spec: e.spec }).map(([p, v]) => [`${refsOf([e])[0]}${p}`, v] as const));
  expect(strings.filter(([, v]) => CONTROL.test(v)).map(([p]) => p)).toEqual([]);
  expect(strings.filter(([, v]) => v.length > 4096 && !v.startsWith('data:image/')).map(([p]) => p)).toEqual([]);
  const pictures = entities.map(e => (e.spec?.profile as { picture?: string } | undefined)?.picture).filter((p): p is string => !!p);
  expect(pictures.filter(p => !/^(https:|data:image\/)/.test(p))).toEqual([]);
  expect(warnings).toMatch(/Made \d+ field\(s\) safe for the catalog: /);

  const annotated = new Set(entities.flatMap(e => Object.values(e.metadata.annotations ?? {}).flatMap(v => [v, v.split('/').pop()!])));
  const unaccounted = recordKeys.filter(key => !annotated.has(key) && !warnings.includes(key));
  expect(unaccounted).toEqual([]);
}
