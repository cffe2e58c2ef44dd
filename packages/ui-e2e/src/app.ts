import path from 'node:path';

/** `packages/app`'s build script: bundles the app into its dist/ (skipped when its inputs are unchanged). */
interface AppBuild {
  buildApp(options?: { force?: boolean; log?: (line: string) => void }): Promise<string>;
}

/** Bundles the demo app (packages/app) if its sources changed, and answers its dist directory. */
export function buildApp(): Promise<string> {
  // The app is a frontend package without a Node entry point: its build script is its Node-side API.
  const build: AppBuild = require(path.join(path.dirname(require.resolve('app/package.json')), 'build.js'));
  return build.buildApp();
}
