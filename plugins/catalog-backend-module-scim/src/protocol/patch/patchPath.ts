import { formatAttributePath, parseAttributePath, type AttributePath } from '../base/attributePath';
import { quoted, ScimError } from '../base/errors';
import type { Filter } from '../filter/ast';
import { tokenize } from '../filter/lexer';
import { parseOr } from '../filter/parser';
import { TokenCursor } from '../filter/tokenCursor';

/** A PATCH `path` (RFC 7644 §3.5.2): `attrPath`, or `valuePath` optionally followed by a sub-attribute. */
export interface PatchPath {
  attribute: AttributePath;
  /** `members[value eq "…"]`: the operation applies to the values this matches. */
  valueFilter?: Filter;
  /** `emails[type eq "work"].value`: the sub-attribute of each matched value. */
  valueSubAttribute?: string;
}

export const invalidPath = (detail: string) => ScimError.badRequest('invalidPath', detail);

/** Parses a PATCH path; anything malformed, the value filter included, is a 400 `invalidPath`. */
export function parsePatchPath(text: string): PatchPath {
  const cursor = new TokenCursor(tokenize(text, invalidPath), invalidPath);
  const first = cursor.next();
  if (first?.kind !== 'word') throw invalidPath(`${quoted(text)} is not an attribute path`);
  const attribute = parseAttributePath(first.text, invalidPath);
  if (!cursor.accept('[')) {
    cursor.expectEnd();
    return { attribute };
  }
  if (attribute.subAttribute !== undefined) throw invalidPath(`a value filter applies to a multi-valued attribute, not ${quoted(first.text)}`);
  const valueFilter = parseOr(cursor, 1, true);
  cursor.expect(']');
  const valueSubAttribute = acceptSubAttribute(cursor);
  cursor.expectEnd();
  return { attribute, valueFilter, ...(valueSubAttribute === undefined ? {} : { valueSubAttribute }) };
}

function acceptSubAttribute(cursor: TokenCursor): string | undefined {
  const token = cursor.peek();
  if (token?.kind !== 'word') return undefined;
  cursor.next();
  const name = token.text.startsWith('.') ? token.text.slice(1) : '';
  const path = name ? parseAttributePath(name, invalidPath) : undefined;
  if (!path || path.schema !== undefined || path.subAttribute !== undefined) throw invalidPath(`${quoted(token.text)} is not a sub-attribute`);
  return path.attribute;
}

export function formatPatchPath(path: PatchPath): string {
  const attribute = formatAttributePath(path.attribute);
  if (!path.valueFilter) return attribute;
  return path.valueSubAttribute === undefined ? `${attribute}[…]` : `${attribute}[…].${path.valueSubAttribute}`;
}
