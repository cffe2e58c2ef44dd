import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, type Entity, type GroupEntity, type UserEntity } from '@backstage/catalog-model';
import { isValidEntityName, type GroupTransformer, type UserTransformer } from '@orgsync/plugin-catalog-org-sync-node';
import { LDAP_DN_ANNOTATION } from '../annotations';
import type { LdapProviderConfig, LdapQueryConfig } from '../config';
import type { LdapGroupTransformer, LdapQueryConfigForTransformer, LdapUserTransformer, LdapVendor } from '../extensionPoint';
import type { LdapGroupRecord, LdapRaw, LdapUserRecord } from '../source/toRecords';
import { toLdaptsEntry } from '../source/rawEntry';
import { formatGuid, type LdapVendorProfile } from '../vendors';

/** The official module's `managed-by-location`: `ldap://<provider id>/<the entry's DN, URI-encoded>`. */
export function officialLocation(providerId: string, entity: Entity): string {
  const dn = entity.metadata.annotations?.[LDAP_DN_ANNOTATION] || entity.metadata.name;
  return `ldap://${providerId}/${encodeURIComponent(dn)}`;
}

/** lodash-style `a.b.c` path assignment, for the official `set`: any path of the entity, so set as properties by name. */
function setPath(target: object, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next: unknown = Reflect.get(node, key);
    if (typeof next === 'object' && next !== null) {
      node = next;
    } else {
      const created = {};
      Reflect.set(node, key, created);
      node = created;
    }
  }
  Reflect.set(node, keys[keys.length - 1], structuredClone(value));
}

function officialQueryConfig(query: LdapQueryConfig): LdapQueryConfigForTransformer {
  const { options } = query;
  return {
    dn: query.dn,
    options: {
      scope: options.scope,
      filter: options.filter,
      attributes: options.attributes,
      paged: options.pageSize ? { pageSize: options.pageSize } : false,
      sizeLimit: options.sizeLimit,
      timeLimit: options.timeLimit,
      derefAliases: options.derefAliases ? ['never', 'search', 'find', 'always'].indexOf(options.derefAliases) : undefined,
    },
    set: query.set,
    map: { ...query.map },
  };
}

/** The official `LdapVendor` for transformers: strings, AD `objectGUID` formatted. */
export function transformerVendor(vendor: Pick<LdapVendorProfile, 'dnAttributeName' | 'uuidAttributeName'>): LdapVendor {
  return {
    dnAttributeName: vendor.dnAttributeName,
    uuidAttributeName: vendor.uuidAttributeName,
    decodeStringAttribute: (entry, name) => {
      const value = entry[name];
      const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
      return values.map(v => (Buffer.isBuffer(v) ? (name === vendor.uuidAttributeName ? formatGuid(v) : v.toString()) : String(v)));
    },
  };
}

/**
 * The entity the official module builds from an entry (its `set` first, then the mapped attributes),
 * named by the engine's naming strategy (`ldap-name`: the `map.name` attribute, as the official module
 * names it, made valid when it is not): a name the catalog would refuse keeps its original as `metadata.title`.
 */
function finishDefault<T extends UserEntity | GroupEntity>(base: T, query: LdapQueryConfig, record: LdapUserRecord | LdapGroupRecord, providerId: string): T {
  const entity = structuredClone(base);
  const name = entity.metadata.name;
  const annotations = entity.metadata.annotations;
  const namespace = entity.metadata.namespace;
  for (const [path, value] of Object.entries(query.set ?? {})) setPath(entity, path, value);
  entity.metadata.name = name;
  entity.metadata.namespace ??= namespace;
  const originalName = record.attributes?.name ?? ('name' in record ? record.name : undefined);
  if (typeof originalName === 'string' && !isValidEntityName(originalName)) entity.metadata.title ??= originalName;
  const description = query.map.description ? (record.raw?.entry && firstValue(record.raw.entry.attributes, query.map.description)) : undefined;
  if (description !== undefined) entity.metadata.description = description;
  entity.metadata.annotations = { ...(entity.metadata.annotations ?? {}), ...annotations };
  return withOfficialLocation(entity, providerId);
}

function firstValue(attributes: Record<string, string[]>, name: string): string | undefined {
  const key = Object.keys(attributes).find(k => k.toLowerCase() === name.toLowerCase());
  return key ? attributes[key][0] : undefined;
}

function withOfficialLocation<T extends UserEntity | GroupEntity>(entity: T, providerId: string): T {
  const location = officialLocation(providerId, entity);
  entity.metadata.annotations = { ...entity.metadata.annotations, [ANNOTATION_LOCATION]: location, [ANNOTATION_ORIGIN_LOCATION]: location };
  return entity;
}

/**
 * The engine's transformer hooks. Without a custom transformer, the official default entity; with one
 * (set through the official extension point), its entity — name included, as the official module took it —
 * with memberships from the engine and the official location annotations.
 */
export function createLdapEntityTransformers(
  config: LdapProviderConfig,
  vendor: () => LdapVendorProfile | undefined,
  custom: { user?: LdapUserTransformer; group?: LdapGroupTransformer },
): { transformUser: UserTransformer<LdapRaw>; transformGroup: GroupTransformer<LdapRaw> } {
  const runCustom = async <T extends UserEntity | GroupEntity>(
    transform: ((v: LdapVendor, c: LdapQueryConfigForTransformer, e: ReturnType<typeof toLdaptsEntry>) => Promise<T | undefined>) | undefined,
    base: T,
    record: LdapUserRecord | LdapGroupRecord,
    query: LdapQueryConfig,
  ): Promise<T | undefined> => {
    if (!transform || !record.raw) return finishDefault(base, query, record, config.id);
    const profile = vendor() ?? { dnAttributeName: 'entryDN', uuidAttributeName: 'entryUUID' };
    const entity = await transform(transformerVendor(profile), officialQueryConfig(query), toLdaptsEntry(record.raw.entry));
    if (!entity) return undefined;
    entity.metadata.namespace ??= base.metadata.namespace;
    // The engine makes an invalid name valid; the name as the transformer gave it stays visible.
    if (entity.metadata.name && !isValidEntityName(entity.metadata.name)) entity.metadata.title ??= entity.metadata.name;
    const kinded: UserEntity | GroupEntity = entity;
    if (kinded.kind === 'User') kinded.spec.memberOf ??= [];
    else kinded.spec.children ??= [];
    return withOfficialLocation(entity, config.id);
  };
  // The records the engine hands back are this source's own (LdapOrgSource's OrgSource<LdapRaw, LdapRaw>).
  return {
    transformUser: (base, record) => runCustom(custom.user, base, record, config.users[record.raw?.query ?? 0]),
    transformGroup: (base, record) => runCustom(custom.group, base, record, config.groups[record.raw?.query ?? 0]),
  };
}
