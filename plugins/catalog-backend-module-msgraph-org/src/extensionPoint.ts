import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { GroupTransformer, OrganizationTransformer, ProviderConfigTransformer, UserTransformer } from './transform/types';

/** The official module's extension point interface: one transformer for every provider, or one per provider id. @public */
export interface MicrosoftGraphOrgEntityProviderTransformsExtensionPoint {
  setUserTransformer(transformer: UserTransformer | Record<string, UserTransformer>): void;
  setGroupTransformer(transformer: GroupTransformer | Record<string, GroupTransformer>): void;
  setOrganizationTransformer(transformer: OrganizationTransformer | Record<string, OrganizationTransformer>): void;
  setProviderConfigTransformer(transformer: ProviderConfigTransformer | Record<string, ProviderConfigTransformer>): void;
}

/**
 * Same id as the official module's extension point, so a module written for
 * it (even one still importing it from the official package) gets this one.
 *
 * @public
 */
export const microsoftGraphOrgEntityProviderTransformExtensionPoint = createExtensionPoint<MicrosoftGraphOrgEntityProviderTransformsExtensionPoint>({
  id: 'catalog.microsoftGraphOrgEntityProvider.transforms',
});

export type TransformerSetting<T> = T | Record<string, T> | undefined;

/** A transformer for one provider id, from either form (a transformer is a function, so the other form is the map). */
export function transformerFor<T extends (...args: never[]) => unknown>(setting: TransformerSetting<T>, id: string): T | undefined {
  if (setting === undefined || typeof setting === 'function') return setting;
  return setting[id];
}
