import { knownSchemaNamed } from '../base/attributePath';
import { ScimError } from '../base/errors';
import { isJsonObject, readKey, type JsonValue } from '../base/json';
import { PATCH_OP_SCHEMA, sameUrn } from '../base/urns';
import { parsePatchPath, type PatchPath } from './patchPath';

/**
 * At most this many operations in one PATCH. Entra ID and Okta send a handful (Entra ID batches membership changes
 * into one operation with a list of values), and a filtered path scans its attribute once per operation.
 */
export const MAX_PATCH_OPERATIONS = 1000;
/**
 * At most this many values across a PATCH's operations: 10,000 members in one request are applied (in linear time),
 * more are refused with 413 so one request cannot grow a group without bound.
 */
export const MAX_PATCH_VALUES = 10_000;

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace';
  path?: PatchPath;
  value?: JsonValue;
}

const invalidSyntax = (detail: string) => ScimError.badRequest('invalidSyntax', detail);

/** Reads a PatchOp request body (RFC 7644 §3.5.2); operation names in any case, as Entra ID sends `Replace`. */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isJsonObject(body)) throw invalidSyntax('a PATCH body is a PatchOp object');
  const schemas = readKey(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.some(schema => typeof schema === 'string' && sameUrn(schema, PATCH_OP_SCHEMA))) {
    throw invalidSyntax(`a PATCH body's schemas lists ${PATCH_OP_SCHEMA}`);
  }
  const operations = readKey(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) throw invalidSyntax('a PATCH body has a non-empty Operations list');
  if (operations.length > MAX_PATCH_OPERATIONS) {
    throw new ScimError(413, undefined, `a PATCH request carries at most ${MAX_PATCH_OPERATIONS} operations`);
  }
  const parsed = operations.map(parseOperation);
  const values = parsed.reduce((sum, operation) => sum + countValues(operation.value), 0);
  if (values > MAX_PATCH_VALUES) throw new ScimError(413, undefined, `a PATCH request carries at most ${MAX_PATCH_VALUES} values`);
  return parsed;
}

function parseOperation(operation: JsonValue, index: number): PatchOperation {
  if (!isJsonObject(operation)) throw invalidSyntax(`operation ${index + 1} is not an object`);
  const op = readKey(operation, 'op');
  const name = typeof op === 'string' ? op.toLowerCase() : undefined;
  if (name !== 'add' && name !== 'remove' && name !== 'replace') {
    throw invalidSyntax(`operation ${index + 1}: op is add, remove or replace`);
  }
  const path = readKey(operation, 'path');
  if (path !== undefined && typeof path !== 'string') throw ScimError.badRequest('invalidPath', `operation ${index + 1}: path is a string`);
  const value = readKey(operation, 'value');
  if (name !== 'remove' && value === undefined) throw invalidSyntax(`operation ${index + 1}: ${name} needs a value`);
  const extension = path === undefined || name === 'remove' ? undefined : knownSchemaNamed(path);
  // A path naming a whole extension is the no-path form with that extension's object: one way to apply both.
  if (extension !== undefined && value !== undefined) return { op: name, value: { [extension]: value } };
  return {
    op: name,
    ...(path === undefined ? {} : { path: parsePatchPath(path) }),
    ...(value === undefined ? {} : { value }),
  };
}

/** A list counts its items, an attribute object (no-path operations) what its attributes hold, anything else one. */
function countValues(value: JsonValue | undefined): number {
  if (value === undefined) return 0;
  if (Array.isArray(value)) return value.length;
  if (isJsonObject(value)) return Object.values(value).reduce((sum: number, inner) => sum + Math.max(1, countValues(inner)), 0);
  return 1;
}
