import { startGithubTarget } from './github';
import { startGraphTarget } from './graph';
import { startOktaTarget } from './okta';
import type { SyncTarget, TargetOptions } from './types';

export type { SyncTarget, TargetOptions } from './types';

/** The three modules under test, by their short name. */
export const TARGETS: Record<'okta' | 'msgraph' | 'github', (options: TargetOptions) => Promise<SyncTarget>> = {
  okta: startOktaTarget,
  msgraph: startGraphTarget,
  github: startGithubTarget,
};
