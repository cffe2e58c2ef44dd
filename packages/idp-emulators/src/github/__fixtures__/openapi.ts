import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** GitHub's own OpenAPI description of GHES 3.19 (@octokit/openapi): REST paths and webhook payload schemas. */
export const ghesSpec = require('@octokit/openapi/generated/ghes-3.19.json') as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
};

/** Points `#/...` refs at the registered document and turns OpenAPI's type-less `nullable` into JSON Schema. */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `ghes.json${value}` : toJsonSchema(value)]),
  ) as Record<string, unknown>;
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _nullable, ...rest } = out;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

/** An Ajv instance that knows every component schema of the description. */
export function ghesAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'ghes.json', components: { schemas: toJsonSchema(ghesSpec.components.schemas) } });
  return ajv;
}

/** A validator for one component schema, e.g. `webhook-team-deleted` or `org-hook`. */
export function componentValidator(ajv: Ajv, name: string): ValidateFunction {
  if (!ghesSpec.components.schemas[name]) throw new Error(`GitHub's description has no schema ${name}`);
  return ajv.compile({ $ref: `ghes.json#/components/schemas/${name}` });
}
