import type { RequestHandler, Router } from 'express';
import { findResourceTypeDocument, findSchemaDocument, resourceTypesList, schemasList, ScimError, serviceProviderConfig } from '../protocol';
import type { ScimHandler } from './resourceRoutes';
import { baseUrlOf } from './scimResponses';

/** `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas` (RFC 7644 §4), each also by name. */
export function addDiscoveryRoutes(router: Router, wrap: (handler: ScimHandler) => RequestHandler): void {
  router.get('/ServiceProviderConfig', wrap(async req => ({ status: 200, body: serviceProviderConfig({ baseUrl: baseUrlOf(req) }) })));
  router.get('/ResourceTypes', wrap(async req => ({ status: 200, body: resourceTypesList(baseUrlOf(req)) })));
  router.get('/ResourceTypes/:name', wrap(async req => ({ status: 200, body: found(findResourceTypeDocument(req.params.name, baseUrlOf(req)), 'resource type') })));
  router.get('/Schemas', wrap(async req => ({ status: 200, body: schemasList(baseUrlOf(req)) })));
  router.get('/Schemas/:id', wrap(async req => ({ status: 200, body: found(findSchemaDocument(req.params.id, baseUrlOf(req)), 'schema') })));
}

function found<T>(document: T | undefined, what: string): T {
  if (!document) throw new ScimError(404, undefined, `no such ${what}`);
  return document;
}
