import { quoted, ScimError } from '../base/errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../base/json';
import type { AttributeDefinition } from './attributeDefinition';
import { definitionNamed } from './resolveAttribute';

const invalidValue = (detail: string) => ScimError.badRequest('invalidValue', detail);

/**
 * A client's value checked against the attribute it is for, in the service provider's shape: booleans sent as strings
 * (`"False"`, as Entra ID sends them) become booleans, a single value of a multi-valued attribute becomes a list, a
 * bare value of a complex attribute with a `value` sub-attribute (Entra ID's manager) becomes `{ value }`, and
 * sub-attribute names take the schema's spelling. A value of the wrong type or an unknown sub-attribute is refused.
 * `null` stays `null`: it unassigns.
 */
export function coerceValue(definition: AttributeDefinition, value: JsonValue, asSingleValue = false): JsonValue {
  if (value === null) return null;
  if (definition.multiValued && !asSingleValue) {
    return (Array.isArray(value) ? value : [value]).map(item => coerceSingleValue(definition, item));
  }
  return coerceSingleValue(definition, value);
}

function coerceSingleValue(definition: AttributeDefinition, value: JsonValue): JsonValue {
  const wrong = () => invalidValue(`${definition.name} takes a ${definition.type} value`);
  switch (definition.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      throw wrong();
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      throw wrong();
    case 'decimal':
      if (typeof value === 'number') return value;
      throw wrong();
    case 'complex':
      return coerceComplexValue(definition, value);
    default:
      if (typeof value === 'string') return value;
      throw wrong();
  }
}

function coerceComplexValue(definition: AttributeDefinition, value: JsonValue): JsonObject {
  const subAttributes = definition.subAttributes ?? [];
  const valueDefinition = definitionNamed(subAttributes, 'value');
  if (!isJsonObject(value)) {
    if (valueDefinition && !Array.isArray(value) && value !== null) return { value: coerceSingleValue(valueDefinition, value) };
    throw invalidValue(`${definition.name} takes an object`);
  }
  const result: JsonObject = {};
  for (const [name, inner] of Object.entries(value)) {
    const subDefinition = definitionNamed(subAttributes, name);
    if (!subDefinition) throw invalidValue(`${definition.name} has no sub-attribute ${quoted(name)}`);
    result[subDefinition.name] = inner === null ? null : coerceSingleValue(subDefinition, inner);
  }
  return result;
}
