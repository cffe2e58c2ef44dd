import type { GithubCredentials } from './credentials';
import type { GithubRateBudgets } from './rateBudget';
import type { GithubShapes } from './shapes';
import type { GithubStore } from './store';
import type { GithubWebhooks } from './webhooks';

/** What every GitHub route needs: the state, the credentials, the budgets, the object shapes and the org webhooks. */
export interface GithubContext {
  store: GithubStore;
  credentials: GithubCredentials;
  budgets: GithubRateBudgets;
  shapes: GithubShapes;
  webhooks: GithubWebhooks;
}
