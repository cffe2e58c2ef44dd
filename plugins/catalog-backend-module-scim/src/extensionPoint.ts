import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { GroupEntity, UserEntity } from '@backstage/catalog-model';
import type { JsonObject } from './protocol';

/** Customises a user entity from the SCIM User as stored; `undefined` leaves the user out of the catalog. @public */
export type ScimUserTransformer = (entity: UserEntity, scimUser: JsonObject) => UserEntity | undefined | Promise<UserEntity | undefined>;

/** Customises a group entity from the SCIM Group as stored; `undefined` leaves the group out of the catalog. @public */
export type ScimGroupTransformer = (entity: GroupEntity, scimGroup: JsonObject) => GroupEntity | undefined | Promise<GroupEntity | undefined>;

/** @public */
export interface ScimOrgEntityProviderTransformsExtensionPoint {
  setUserTransformer(transformer: ScimUserTransformer): void;
  setGroupTransformer(transformer: ScimGroupTransformer): void;
}

/** Lets other backend modules set the transformers of every SCIM provider. @public */
export const scimOrgEntityProviderTransformsExtensionPoint = createExtensionPoint<ScimOrgEntityProviderTransformsExtensionPoint>({
  id: 'catalog.scimOrgEntityProvider.transforms',
});
