import type { GroupEntity, UserEntity } from './entities';
import type { MappingReport } from './mappingReport';

// An operator's strategy or transformer failing on one record must not fail the run or drop
// the person: the record keeps the untransformed entity, and the failure is reported.

/** Runs an operator's transformer on a copy of `base`: undefined when it drops the record, `base` when it fails. */
export async function transformSafely<E extends UserEntity | GroupEntity, R extends { id: string }>(
  kind: 'user' | 'group',
  base: E,
  record: R,
  transform: ((entity: E, record: R) => E | undefined | Promise<E | undefined>) | undefined,
  report: MappingReport,
): Promise<E | undefined> {
  if (!transform) return base;
  try {
    const result = await transform(structuredClone(base), record);
    if (result === undefined || result === null) return undefined;
    if (typeof result !== 'object' || typeof result.metadata !== 'object' || typeof result.spec !== 'object') {
      throw new Error('it returned something that is not an entity');
    }
    return result;
  } catch (error) {
    report.transformerErrors.push({ kind, id: record.id, error: error instanceof Error ? error.message : String(error) });
    return base;
  }
}

/** Runs a naming strategy: the fallback name when it throws. */
export function nameSafely<R extends { id: string }>(
  kind: 'user' | 'group',
  record: R,
  name: (r: R) => { raw: string; fellBack: boolean },
  fallback: string,
  report: MappingReport,
): { raw: string; fellBack: boolean } {
  try {
    return name(record);
  } catch (error) {
    report.transformerErrors.push({ kind, id: record.id, error: `naming strategy: ${error instanceof Error ? error.message : String(error)}` });
    return { raw: fallback, fellBack: true };
  }
}
