import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { GroupEntity, UserEntity } from '@backstage/catalog-model';
import type { Entry } from 'ldapts';
import type { JsonObject } from './config';

/** The official module's `LdapVendor`: what a transformer needs to read an entry's attributes. @public */
export interface LdapVendor {
  dnAttributeName: string;
  uuidAttributeName: string;
  /** An attribute's values as strings (AD `objectGUID` in AD's notation). */
  decodeStringAttribute: (entry: Entry, name: string) => string[];
}

/** The official module's `UserConfig` / `GroupConfig`, as a transformer receives it. @public */
export interface LdapQueryConfigForTransformer {
  dn: string;
  options: {
    scope?: 'base' | 'one' | 'sub';
    filter?: string;
    attributes?: string[];
    paged?: boolean | { pageSize?: number };
    sizeLimit?: number;
    timeLimit?: number;
    derefAliases?: number;
  };
  set?: JsonObject;
  map: {
    rdn: string;
    name: string;
    description?: string;
    displayName?: string;
    email?: string;
    picture?: string;
    memberOf?: string;
    members?: string;
    type?: string;
  };
}

/** The official module's user transformer: an entity from an entry, or undefined to leave it out. @public */
export type LdapUserTransformer = (vendor: LdapVendor, config: LdapQueryConfigForTransformer, user: Entry) => Promise<UserEntity | undefined>;
/** The official module's group transformer. @public */
export type LdapGroupTransformer = (vendor: LdapVendor, config: LdapQueryConfigForTransformer, group: Entry) => Promise<GroupEntity | undefined>;

/** The official extension point's interface: one transformer for every provider, or one per provider id. @public */
export interface LdapOrgEntityProviderTransformsExtensionPoint {
  setUserTransformer(transformer: LdapUserTransformer | Record<string, LdapUserTransformer>): void;
  setGroupTransformer(transformer: LdapGroupTransformer | Record<string, LdapGroupTransformer>): void;
}

/**
 * Same id as the official module's extension point (`catalog.ldapOrgEntityProvider.transforms`), so a
 * module written for it — even one importing it from the official package — sets this module's transformers.
 *
 * @public
 */
export const ldapOrgEntityProviderTransformsExtensionPoint = createExtensionPoint<LdapOrgEntityProviderTransformsExtensionPoint>({
  id: 'catalog.ldapOrgEntityProvider.transforms',
});

/** @public */
export type TransformerSetting<T> = T | Record<string, T> | undefined;

/** A transformer for one provider id, from either form (a transformer is a function, so the other form is the map). @public */
export function transformerFor<T extends (...args: never[]) => unknown>(setting: TransformerSetting<T>, id: string): T | undefined {
  if (setting === undefined || typeof setting === 'function') return setting;
  return setting[id];
}
