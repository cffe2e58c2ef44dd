/** Options of {@link buildApp}. @public */
export interface BuildAppOptions {
  /** Build even when the inputs are unchanged since the last build. */
  force?: boolean;
  /** Receives a line saying whether the bundle was built (and in how long) or was up to date. */
  log?: (line: string) => void;
}

/**
 * Bundles the app into `packages/app/dist` (index.html, index.html.tmpl, static/, .config-schema.json) unless its
 * inputs are unchanged since the last build, and returns that directory. A backend with `@backstage/plugin-app-backend`
 * and `app.packageName: app` serves it.
 * @public
 */
export function buildApp(options?: BuildAppOptions): Promise<string>;

/** The directory {@link buildApp} writes the bundle to. @public */
export const APP_DIST_DIR: string;
