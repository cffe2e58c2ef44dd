import { quoted, type ScimError } from './errors';
import { RESOURCE_SCHEMAS } from './urns';

/**
 * `attrPath` of RFC 7644 §3.10: an attribute, optionally prefixed by its schema URN and followed by one sub-attribute,
 * e.g. `userName`, `name.givenName`, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
 */
export interface AttributePath {
  schema?: string;
  attribute: string;
  subAttribute?: string;
}

const NAME = /^[A-Za-z$][\w$-]*$/;

/** Parses an attribute path; `invalid` builds the error a malformed one is answered with (filter, path or query). */
export function parseAttributePath(text: string, invalid: (detail: string) => ScimError): AttributePath {
  const { schema, rest } = splitSchema(text);
  const [attribute, subAttribute, ...extra] = rest.split('.');
  if (!NAME.test(attribute) || extra.length > 0 || (subAttribute !== undefined && !NAME.test(subAttribute))) {
    throw invalid(`${quoted(text)} is not an attribute path`);
  }
  return { ...(schema ? { schema } : {}), attribute, ...(subAttribute !== undefined ? { subAttribute } : {}) };
}

function splitSchema(text: string): { schema?: string; rest: string } {
  const lower = text.toLowerCase();
  const known = RESOURCE_SCHEMAS.find(urn => lower.startsWith(`${urn.toLowerCase()}:`));
  if (known) return { schema: known, rest: text.slice(known.length + 1) };
  if (!lower.startsWith('urn:')) return { rest: text };
  const colon = text.lastIndexOf(':');
  return { schema: text.slice(0, colon), rest: text.slice(colon + 1) };
}

/** The schema URN `text` names exactly (a whole extension, e.g. in `attributes=`), if it is one this provider knows. */
export function knownSchemaNamed(text: string): string | undefined {
  return RESOURCE_SCHEMAS.find(urn => urn.toLowerCase() === text.toLowerCase());
}

export function formatAttributePath(path: AttributePath): string {
  const name = path.subAttribute === undefined ? path.attribute : `${path.attribute}.${path.subAttribute}`;
  return path.schema ? `${path.schema}:${name}` : name;
}
