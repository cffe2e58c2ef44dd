import type { Request, RequestHandler, Router } from 'express';
import { findResourceTypeDocument, findSchemaDocument, resourceTypesList, schemasList, ScimError, serviceProviderConfig } from '../protocol';
import type { ScimHandler } from './resourceRoutes';
import { baseUrlOf } from './scimResponses';

/**
 * `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas` (RFC 7644 §4), each also by name; and the endpoints the
 * ServiceProviderConfig says are not offered, answered 501 (RFC 7644 §3.12): `/Bulk` (§3.7), `/Me` (§3.11), and
 * queries by POST to `.search` (§3.4.3, optional; Entra ID and Okta query with GET).
 */
export function addDiscoveryRoutes(router: Router, wrap: (handler: ScimHandler) => RequestHandler): void {
  const discovery = (body: (req: Request) => unknown) => wrap(async req => ({ status: 200, body: body(unfiltered(req)) }));
  router.get('/ServiceProviderConfig', discovery(req => serviceProviderConfig({ baseUrl: baseUrlOf(req) })));
  router.get('/ResourceTypes', discovery(req => resourceTypesList(baseUrlOf(req))));
  router.get('/ResourceTypes/:name', discovery(req => found(findResourceTypeDocument(req.params.name, baseUrlOf(req)), 'resource type')));
  router.get('/Schemas', discovery(req => schemasList(baseUrlOf(req))));
  router.get('/Schemas/:id', discovery(req => found(findSchemaDocument(req.params.id, baseUrlOf(req)), 'schema')));
  const notOffered = (what: string) => wrap(async () => {
    throw new ScimError(501, undefined, `${what} is not supported (see /ServiceProviderConfig)`);
  });
  router.post('/Bulk', notOffered('bulk'));
  router.post(['/.search', '/Users/.search', '/Groups/.search'], notOffered('a query by POST (.search)'));
  router.all(['/Me', '/Me/*'], notOffered('/Me'));
}

/** RFC 7644 §4: a filter on a discovery endpoint is 403, so that a client cannot think the answer was filtered. */
function unfiltered(req: Request): Request {
  if (Object.keys(req.query).some(name => name.toLowerCase() === 'filter')) throw new ScimError(403, undefined, 'discovery endpoints take no filter');
  return req;
}

function found<T>(document: T | undefined, what: string): T {
  if (!document) throw new ScimError(404, undefined, `no such ${what}`);
  return document;
}
