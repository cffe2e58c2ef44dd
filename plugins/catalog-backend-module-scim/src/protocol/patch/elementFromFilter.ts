import type { AttributePath } from '../base/attributePath';
import { ScimError } from '../base/errors';
import type { JsonObject } from '../base/json';
import type { Filter } from '../filter/ast';
import type { AttributeDefinition } from '../schemas/attributeDefinition';
import { definitionNamed } from '../schemas/resolveAttribute';

/**
 * The value a filter of `eq` comparisons describes, for an `add` whose filter matches nothing:
 * `emails[type eq "work"]` → `{ type: "work" }`. Any other filter describes no single value: 400 `noTarget`.
 */
export function elementFromFilter(filter: Filter, definition: AttributeDefinition): JsonObject {
  const terms = filter.kind === 'and' ? filter.filters : [filter];
  const element: JsonObject = {};
  for (const term of terms) {
    const subDefinition = term.kind === 'compare' && term.operator === 'eq' ? subAttributeNamed(definition, term.path) : undefined;
    if (term.kind !== 'compare' || !subDefinition || term.value === null) {
      throw ScimError.badRequest('noTarget', `no value of ${definition.name} matches the filter, and it does not describe one to add`);
    }
    element[subDefinition.name] = term.value;
  }
  return element;
}

function subAttributeNamed(definition: AttributeDefinition, path: AttributePath): AttributeDefinition | undefined {
  if (path.schema !== undefined || path.subAttribute !== undefined) return undefined;
  return definitionNamed(definition.subAttributes ?? [], path.attribute);
}
