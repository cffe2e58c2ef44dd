import { DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import { assignUniqueNames } from '../naming/uniqueNames';
import { isValidEntityName, toValidEntityName } from '../naming/entityName';
import { cleanEntity } from './cleanEntity';
import type { GroupEntity, UserEntity } from './entities';
import type { MappingInput } from './mappingInput';

/**
 * Phase 2, after the transformers (which may produce anything): safe strings, valid namespaces, and valid names
 * unique per namespace, set on the entities in place. Names already held stay with their records.
 */
export function cleanAndNameEntities(kind: 'user' | 'group', entities: ReadonlyMap<string, UserEntity | GroupEntity>, input: MappingInput): void {
  const { report, namespace } = input;
  for (const [id, entity] of entities) report.cleaned.push(...cleanEntity(entity).map(c => ({ ...c, kind, id })));
  for (const entity of entities.values()) {
    if (!isValidEntityName(entity.metadata.namespace ?? namespace)) entity.metadata.namespace = toValidEntityName(entity.metadata.namespace!);
  }
  const wanted = [...entities].map(([id, e]) => ({ id, raw: String(e.metadata.name ?? id), scope: e.metadata.namespace ?? namespace }));
  let previousNames = input.options.previousNames?.[kind === 'user' ? 'users' : 'groups'];
  const keptAsTheyAre = new Map([...(kind === 'user' ? input.otherUsers : []), ...(input.options.reserved?.[kind === 'user' ? 'users' : 'groups'] ?? [])]);
  if (keptAsTheyAre.size) {
    // Entities left as they are (users a delta does not touch, departed ones) keep their names, and nobody else may take them.
    const kept = new Map(previousNames ?? []);
    for (const [id, ref] of keptAsTheyAre) {
      const { namespace: scope, name } = parseRef(ref);
      wanted.push({ id, raw: name, scope });
      kept.set(id, name);
    }
    previousNames = kept;
  }
  const { names, collisions } = assignUniqueNames(wanted, previousNames);
  for (const [id, entity] of entities) entity.metadata.name = names.get(id)!;
  report.collisions.push(...collisions.map(c => ({ ...c, kind })));
}

function parseRef(ref: string): { namespace: string; name: string } {
  const rest = ref.slice(ref.indexOf(':') + 1);
  const slash = rest.indexOf('/');
  return slash < 0 ? { namespace: DEFAULT_NAMESPACE, name: rest } : { namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
}
