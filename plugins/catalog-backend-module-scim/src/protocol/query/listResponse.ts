import type { JsonObject } from '../base/json';
import { LIST_RESPONSE_SCHEMA } from '../base/urns';

/** The ListResponse message (RFC 7644 §3.4.2). */
export interface ListResponse<T = JsonObject> {
  schemas: [typeof LIST_RESPONSE_SCHEMA];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

/**
 * The page `startIndex` (1-based) / `count` asks for of every matching resource, each shown through `show` (a
 * projection: only the page's resources are projected).
 */
export function listResponse<T, R = T>(
  matching: readonly T[],
  page: { startIndex: number; count: number },
  show: (resource: T) => R,
): ListResponse<R> {
  const resources = matching.slice(page.startIndex - 1, page.startIndex - 1 + page.count).map(show);
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: matching.length,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
