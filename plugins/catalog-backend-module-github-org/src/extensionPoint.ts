import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';

/** A GitHub user as the official module hands it to transformers. @public */
export type GithubUser = {
  login: string;
  /** GraphQL node id. */
  id?: string;
  bio?: string;
  avatarUrl?: string;
  email?: string;
  name?: string;
  organizationVerifiedDomainEmails?: string[];
  suspendedAt?: string;
};

/** A GitHub team as the official module hands it to transformers; `members` are its immediate members. @public */
export type GithubTeam = {
  slug: string;
  /** `<org>/<slug>`. */
  combinedSlug: string;
  name?: string;
  description?: string;
  avatarUrl?: string;
  editTeamUrl?: string;
  parentTeam?: GithubTeam;
  members: GithubUser[];
};

/** What the official module passes as the transformers' second argument. @public */
export interface TransformerContext {
  /** A GraphQL client for the org (`octokit.graphql`). */
  client: (query: string, parameters?: Record<string, unknown>) => Promise<unknown>;
  query: string;
  org: string;
}

/** Same signature as the official module's `UserTransformer`; `undefined` leaves the user out. @public */
export type UserTransformer = (item: GithubUser, ctx: TransformerContext) => Promise<Entity | undefined>;

/** Same signature as the official module's `TeamTransformer`; `undefined` leaves the team out. @public */
export type TeamTransformer = (item: GithubTeam, ctx: TransformerContext) => Promise<Entity | undefined>;

/** Same methods as the official `GithubOrgEntityProviderTransformsExtensionPoint`. @public */
export interface GithubOrgEntityProviderTransformsExtensionPoint {
  setUserTransformer(transformer: UserTransformer): void;
  setTeamTransformer(transformer: TeamTransformer): void;
}

/** Lets other backend modules set the user and team transformers of every GitHub org provider. @public */
export const githubOrgEntityProviderTransformsExtensionPoint = createExtensionPoint<GithubOrgEntityProviderTransformsExtensionPoint>({
  id: 'catalog.githubOrgEntityProvider',
});
