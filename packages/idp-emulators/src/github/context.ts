import type { GithubCredentials } from './credentials';
import type { GithubRateBudgets } from './rateBudget';
import type { GithubShapes } from './shapes';
import type { GithubStore } from './store';

/** What every GitHub route needs: the state, the credentials, the budgets and the object shapes. */
export interface GithubContext {
  store: GithubStore;
  credentials: GithubCredentials;
  budgets: GithubRateBudgets;
  shapes: GithubShapes;
}
