import type { GroupEntity, UserEntity } from '@backstage/catalog-model';
import type * as MicrosoftGraph from '@microsoft/microsoft-graph-types';
import type { MicrosoftGraphProviderConfig } from '../config';

// The official module's transformer signatures, so existing transformers keep working.

/** Customise the User entity of a Graph user; undefined leaves the user out. @public */
export type UserTransformer = (user: MicrosoftGraph.User, userPhoto?: string) => Promise<UserEntity | undefined>;
/** Customise the tenant root Group entity; undefined leaves it out. @public */
export type OrganizationTransformer = (organization: MicrosoftGraph.Organization) => Promise<GroupEntity | undefined>;
/** Customise the Group entity of a Graph group; undefined leaves the group out. @public */
export type GroupTransformer = (group: MicrosoftGraph.Group, groupPhoto?: string) => Promise<GroupEntity | undefined>;
/** Change a provider's settings before each run (e.g. a filter computed at run time). @public */
export type ProviderConfigTransformer = (provider: MicrosoftGraphProviderConfig) => Promise<MicrosoftGraphProviderConfig>;

export interface MicrosoftGraphTransformers {
  userTransformer?: UserTransformer;
  groupTransformer?: GroupTransformer;
  organizationTransformer?: OrganizationTransformer;
  providerConfigTransformer?: ProviderConfigTransformer;
}

export type { MicrosoftGraph };
