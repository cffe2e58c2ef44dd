import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/** The one principal the policy lets use the operations API's own permissions. */
export const ADMIN = 'user:default/admin';

/**
 * The documented default policy: the operations API's own permissions (`catalog.org-sync.*`, `read-records` among
 * them) for {@link ADMIN} only; everything else allowed.
 */
export const adminsOnlyPolicy = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    async authorize(requests: Array<{ permission: { name: string } }>, options: { credentials: { principal: unknown } }) {
      const principal = options.credentials.principal as { userEntityRef?: string };
      return requests.map(({ permission }) => ({
        result: !permission.name.startsWith('catalog.org-sync.') || principal.userEntityRef === ADMIN ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      }));
    },
    async authorizeConditional(requests: unknown[]) {
      return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
    },
  }) as never,
});
