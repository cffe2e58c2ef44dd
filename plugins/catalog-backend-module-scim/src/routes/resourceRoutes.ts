import { randomUUID } from 'node:crypto';
import type { OrgChangeHints } from '@orgsync/plugin-catalog-org-sync-node';
import type { Request, RequestHandler, Router } from 'express';
import {
  applyPatch,
  filterPredicate,
  listResponse,
  parseListQuery,
  parsePatchRequest,
  parseProjection,
  projectResource,
  readResourceBody,
  ScimError,
  type JsonObject,
  type Projection,
  type ResourceTypeDefinition,
} from '../protocol';
import type { ScimResourceStore } from '../store/ScimResourceStore';
import { dropMemberEverywhere } from './dropMember';
import { listCandidates } from './listCandidates';
import { baseUrlOf, readJsonBody } from './scimResponses';

/** What the routes of one resource type need: where resources live and how a write becomes a change signal. */
export interface ResourceRouteContext {
  store: ScimResourceStore;
  type: ResourceTypeDefinition;
  /** Hands the written resource on to be queued for the engine (a delta applied under the provider's lease); the answer does not wait. */
  changed(hints: OrgChangeHints): void;
}

export type ScimHandler = (req: Request) => Promise<{ status: number; body?: unknown; location?: string }>;

/** Adds `/Users` or `/Groups` to the SCIM router: list, get, create, replace, patch, delete (RFC 7644 §3). */
export function addResourceRoutes(router: Router, context: ResourceRouteContext, wrap: (handler: ScimHandler) => RequestHandler): void {
  const all = context.type.endpoint;
  const one = `${all}/:id`;
  router.get(all, wrap(req => list(context, req)));
  router.get(one, wrap(req => getOne(context, req)));
  router.post(all, wrap(req => create(context, req)));
  router.put(one, wrap(req => replace(context, req, body => readResourceBody(body, context.type))));
  router.patch(one, wrap(req => replace(context, req, (body, stored) => applyPatch(stored, parsePatchRequest(body), context.type))));
  router.delete(one, wrap(req => remove(context, req)));
}

async function list({ store, type }: ResourceRouteContext, req: Request) {
  const query = parseListQuery(queryOf(req));
  const candidates = await listCandidates(store, type, query.filter);
  const matching = query.filter ? candidates.filter(filterPredicate(query.filter)) : candidates;
  return { status: 200, body: listResponse(matching, query, resource => shown(resource, query.projection, type, req)) };
}

async function getOne({ store, type }: ResourceRouteContext, req: Request) {
  const projection = parseProjection(queryOf(req));
  const resource = await store.get(type.name, req.params.id);
  if (!resource) throw notFound(type, req.params.id);
  return { status: 200, body: shown(resource, projection, type, req) };
}

async function create(context: ResourceRouteContext, req: Request) {
  const { store, type } = context;
  const read = readResourceBody(readJsonBody(req), type);
  const id = randomUUID();
  const now = new Date().toISOString();
  const resource: JsonObject = { ...read, id, meta: { resourceType: type.name, created: now, lastModified: now } };
  await store.insert(type.name, { id, uniqueName: uniqueNameOf(resource, type), resource });
  context.changed(hintsFor(type, id));
  return { status: 201, body: shown(resource, {}, type, req), location: locationOf(req, type, id) };
}

/** PUT and PATCH: the new resource from the body (and the stored one), its id and creation time kept. */
async function replace(context: ResourceRouteContext, req: Request, next: (body: unknown, stored: JsonObject) => JsonObject) {
  const { store, type } = context;
  const id = req.params.id;
  const body = readJsonBody(req);
  const stored = await store.get(type.name, id);
  if (!stored) throw notFound(type, id);
  const created = metaOf(stored).created ?? new Date().toISOString();
  const resource: JsonObject = { ...next(body, stored), id, meta: { resourceType: type.name, created, lastModified: new Date().toISOString() } };
  if (!(await store.replace(type.name, { id, uniqueName: uniqueNameOf(resource, type), resource }))) throw notFound(type, id);
  context.changed(hintsFor(type, id));
  return { status: 200, body: shown(resource, parseProjection(queryOf(req)), type, req) };
}

async function remove(context: ResourceRouteContext, req: Request) {
  const { store, type } = context;
  const id = req.params.id;
  if (!(await store.remove(type.name, id))) throw notFound(type, id);
  const groups = await dropMemberEverywhere(store, id);
  const removed = hintsFor(type, id);
  context.changed({ ...removed, groups: [...(removed.groups ?? []), ...groups] });
  return { status: 204 };
}

function shown(resource: JsonObject, projection: Projection, type: ResourceTypeDefinition, req: Request): JsonObject {
  const meta = { ...metaOf(resource), location: locationOf(req, type, String(resource.id)) };
  return projectResource({ ...resource, meta }, projection, type);
}

function metaOf(resource: JsonObject): { created?: string } & JsonObject {
  const meta = resource.meta;
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) return {};
  return typeof meta.created === 'string' ? { ...meta, created: meta.created } : { ...meta };
}

function locationOf(req: Request, type: ResourceTypeDefinition, id: string): string {
  return `${baseUrlOf(req)}${type.endpoint}/${encodeURIComponent(id)}`;
}

function uniqueNameOf(resource: JsonObject, type: ResourceTypeDefinition): string {
  const name = type.name === 'User' ? resource.userName : resource.displayName;
  return typeof name === 'string' ? name : '';
}

function hintsFor(type: ResourceTypeDefinition, id: string): OrgChangeHints {
  return type.name === 'User' ? { users: [id] } : { groups: [id] };
}

function notFound(type: ResourceTypeDefinition, id: string): ScimError {
  return new ScimError(404, undefined, `no ${type.name} with the id ${JSON.stringify(id.slice(0, 64))}`);
}

function queryOf(req: Request): Record<string, unknown> {
  return { ...req.query };
}
