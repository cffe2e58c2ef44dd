import { createBackend } from '@backstage/backend-defaults';
import catalogPlugin from '@backstage/plugin-catalog-backend';

// Roadie's module: the provider host plus its org (users and groups) provider factory.
// Required, not imported: its .d.ts re-exports `default` in a way TypeScript's CJS interop misreads.
const backend = createBackend();
const feature = (path: string) => (require(path) as { default: Parameters<typeof backend.add>[0] }).default;

backend.add(catalogPlugin);
backend.add(feature('@roadiehq/catalog-backend-module-okta/okta-entity-provider'));
backend.add(feature('@roadiehq/catalog-backend-module-okta/org-provider-factory'));
backend.start();
