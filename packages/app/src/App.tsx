import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import orgSyncPlugin from '@orgsync/plugin-org-sync/alpha';
import { appModule } from './appModule';

/** The demo's Backstage app: the catalog with its entity pages, the org plugin's User and Group cards, org sync's pages and cards. */
export const app = createApp({
  features: [catalogPlugin, orgPlugin, orgSyncPlugin, appModule],
});
