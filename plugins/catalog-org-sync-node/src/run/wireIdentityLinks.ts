import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogProcessingExtensionPoint, CatalogService, EntityProvider } from '@backstage/plugin-catalog-node';
import { OrgEntityProvider } from './OrgEntityProvider';
import { IdentityLinkProcessor } from '../linking/IdentityLinkProcessor';
import { forEachWithConcurrency } from '../util/forEachWithConcurrency';


/** People refreshed at once after a run; more follow at the catalog's processing interval. */
const MAX_REFRESHES = 200;
const REFRESH_CONCURRENCY = 8;

/**
 * For the module's providers with `linkTo`: one catalog processor that adds
 * their accounts to the people source's Users, and, after each of their runs,
 * a refresh of the people whose accounts changed.
 */
export function wireIdentityLinks(
  providers: EntityProvider[],
  deps: { catalog: CatalogProcessingExtensionPoint; catalogService: CatalogService; auth: AuthService; logger: LoggerService },
): void {
  const linked = providers.filter((p): p is OrgEntityProvider => p instanceof OrgEntityProvider && p.linksAccounts);
  const store = linked[0]?.identityLinks;
  if (!store) return;
  deps.catalog.addProcessor(new IdentityLinkProcessor(store, linked.map(p => p.getProviderName())));
  for (const provider of linked) provider.useEntityRefresh(refs => refreshPeople(refs, deps, provider.getProviderName()));
}

async function refreshPeople(refs: string[], deps: { catalogService: CatalogService; auth: AuthService; logger: LoggerService }, providerName: string): Promise<void> {
  const credentials = await deps.auth.getOwnServiceCredentials();
  // A person may be gone by now (they left): that refresh fails, the others go on.
  let failed = 0;
  await forEachWithConcurrency(refs.slice(0, MAX_REFRESHES), REFRESH_CONCURRENCY, entityRef =>
    deps.catalogService.refreshEntity(entityRef, { credentials }).catch(() => void failed++),
  );
  if (failed) deps.logger.debug(`${providerName}: ${failed} of the people whose links changed could not be refreshed (no longer in the catalog?)`);
  if (refs.length > MAX_REFRESHES) {
    deps.logger.info(`${providerName}: ${refs.length} people's linked accounts changed; ${MAX_REFRESHES} processed now, the rest at the catalog's processing interval`);
  }
}

