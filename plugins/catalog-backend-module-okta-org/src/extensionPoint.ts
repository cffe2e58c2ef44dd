import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { GroupEntity, UserEntity } from '@backstage/catalog-model';
import type { OktaGroup, OktaUser } from './oktaObjects';

/** Customises a user entity; `undefined` leaves the user out of the catalog. @public */
export type OktaUserTransformer = (entity: UserEntity, oktaUser: OktaUser) => UserEntity | undefined | Promise<UserEntity | undefined>;

/** Customises a group entity; `undefined` leaves the group out of the catalog. @public */
export type OktaGroupTransformer = (entity: GroupEntity, oktaGroup: OktaGroup) => GroupEntity | undefined | Promise<GroupEntity | undefined>;

/** @public */
export interface OktaOrgEntityProviderTransformsExtensionPoint {
  setUserTransformer(transformer: OktaUserTransformer): void;
  setGroupTransformer(transformer: OktaGroupTransformer): void;
}

/** Lets other backend modules set the transformers of every Okta org provider. @public */
export const oktaOrgEntityProviderTransformsExtensionPoint = createExtensionPoint<OktaOrgEntityProviderTransformsExtensionPoint>({
  id: 'catalog.oktaOrgEntityProvider.transforms',
});
