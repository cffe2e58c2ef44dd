import type { BackendFeature } from '@backstage/backend-plugin-api';
import eventsPlugin from '@backstage/plugin-events-backend';
import path from 'node:path';

/**
 * The events backend with `@backstage/plugin-events-backend-module-github`'s
 * two modules (the signature-checking webhook ingress and the router to
 * `github.<event>` topics). The package's default export loads them with a
 * dynamic `import()`, which Jest's CommonJS runtime refuses, so they are
 * required from the package's own files (its export map names only the root).
 */
export function eventsBackendWithGithub(): BackendFeature[] {
  const dist = path.dirname(require.resolve('@backstage/plugin-events-backend-module-github'));
  const load = (file: string) => (require(path.join(dist, 'service', file)) as { default: BackendFeature }).default;
  return [eventsPlugin, load('eventsModuleGithubWebhook.cjs.js'), load('eventsModuleGithubEventRouter.cjs.js')];
}
