import { parseAttributePath, type AttributePath } from '../base/attributePath';
import { quoted } from '../base/errors';
import type { CompareOperator, CompareValue, Filter } from './ast';
import { invalidFilter, tokenize } from './lexer';
import { TokenCursor } from './tokenCursor';

/** Longer filters are refused before parsing: no provisioning client sends one near this size. */
export const MAX_FILTER_LENGTH = 4096;
/** Groupings, `not`s and value paths nested deeper than this are refused, so parsing never recurses without bound. */
export const MAX_FILTER_DEPTH = 32;

const COMPARE_OPERATORS: readonly CompareOperator[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

/** Parses a `filter` query parameter (RFC 7644 §3.4.2.2); a malformed one is a 400 `invalidFilter`. */
export function parseFilter(text: string): Filter {
  if (text.length > MAX_FILTER_LENGTH) throw invalidFilter(`a filter is at most ${MAX_FILTER_LENGTH} characters`);
  const cursor = new TokenCursor(tokenize(text), invalidFilter);
  const filter = parseOr(cursor, 0, false);
  cursor.expectEnd();
  return filter;
}

/** `or` binds loosest, then `and`, then `not` and grouping (RFC 7644 §3.4.2.2, table 5). */
export function parseOr(cursor: TokenCursor, depth: number, inValuePath: boolean): Filter {
  const filters = [parseAnd(cursor, depth, inValuePath)];
  while (cursor.acceptKeyword('or')) filters.push(parseAnd(cursor, depth, inValuePath));
  return filters.length === 1 ? filters[0] : { kind: 'or', filters };
}

function parseAnd(cursor: TokenCursor, depth: number, inValuePath: boolean): Filter {
  const filters = [parseTerm(cursor, depth, inValuePath)];
  while (cursor.acceptKeyword('and')) filters.push(parseTerm(cursor, depth, inValuePath));
  return filters.length === 1 ? filters[0] : { kind: 'and', filters };
}

function parseTerm(cursor: TokenCursor, depth: number, inValuePath: boolean): Filter {
  if (depth >= MAX_FILTER_DEPTH) throw cursor.invalid(`a filter nests at most ${MAX_FILTER_DEPTH} levels`);
  if (cursor.acceptKeyword('not')) {
    cursor.expect('(');
    const filter = parseOr(cursor, depth + 1, inValuePath);
    cursor.expect(')');
    return { kind: 'not', filter };
  }
  if (cursor.accept('(')) {
    const filter = parseOr(cursor, depth + 1, inValuePath);
    cursor.expect(')');
    return filter;
  }
  return parseAttributeExpression(cursor, depth, inValuePath);
}

function parseAttributeExpression(cursor: TokenCursor, depth: number, inValuePath: boolean): Filter {
  const token = cursor.next();
  if (token?.kind !== 'word') throw cursor.invalid(`expected an attribute ${token ? `at position ${token.at + 1}` : 'at the end'}`);
  const path = parseAttributePath(token.text, cursor.invalid);
  if (cursor.accept('[')) {
    if (inValuePath) throw cursor.invalid('a value filter cannot contain another');
    const filter = parseOr(cursor, depth + 1, true);
    cursor.expect(']');
    const subAttribute = acceptSubAttribute(cursor);
    if (subAttribute === undefined) return { kind: 'valuePath', path, filter };
    const condition = parseCondition(cursor, { attribute: subAttribute }, token.text);
    return { kind: 'valuePath', path, filter: { kind: 'and', filters: [filter, condition] } };
  }
  return parseCondition(cursor, path, token.text);
}

/**
 * `emails[type eq "work"].value eq "x"`, outside RFC 7644's grammar but sent by Entra ID: read as
 * `emails[type eq "work" and value eq "x"]`.
 */
function acceptSubAttribute(cursor: TokenCursor): string | undefined {
  const token = cursor.peek();
  if (token?.kind !== 'word' || !token.text.startsWith('.')) return undefined;
  cursor.next();
  const path = parseAttributePath(token.text.slice(1), cursor.invalid);
  if (path.schema !== undefined || path.subAttribute !== undefined) throw cursor.invalid(`${quoted(token.text)} is not a sub-attribute`);
  return path.attribute;
}

function parseCondition(cursor: TokenCursor, path: AttributePath, attributeText: string): Filter {
  if (cursor.acceptKeyword('pr')) return { kind: 'present', path };
  const operator = COMPARE_OPERATORS.find(candidate => cursor.acceptKeyword(candidate));
  if (!operator) throw cursor.invalid(`expected an operator after ${quoted(attributeText)} ${cursor.where()}`);
  const value = parseCompareValue(cursor);
  if (typeof value === 'boolean' && operator !== 'eq' && operator !== 'ne') {
    throw cursor.invalid(`"${operator}" does not compare booleans`);
  }
  if (value === null && operator !== 'eq' && operator !== 'ne') throw cursor.invalid(`"${operator}" does not compare null`);
  return { kind: 'compare', path, operator, value };
}

function parseCompareValue(cursor: TokenCursor): CompareValue {
  const token = cursor.next();
  if (token?.kind === 'string' || token?.kind === 'number') return token.value;
  if (token?.kind === 'word') {
    const literal = token.text.toLowerCase();
    if (literal === 'true') return true;
    if (literal === 'false') return false;
    if (literal === 'null') return null;
  }
  throw cursor.invalid(`expected a value ${token ? `at position ${token.at + 1}` : 'at the end'}`);
}
