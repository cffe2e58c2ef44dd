import type { EntityProvider } from '@backstage/plugin-catalog-node';
import type { OrgEntityProvider } from '../run/OrgEntityProvider';

/**
 * What the operations API uses of a provider. Structural, so providers of another copy of the engine (two module
 * versions in one backend) can join the same registry.
 */
export type OperableProvider = Pick<
  OrgEntityProvider,
  'getProviderName' | 'idp' | 'id' | 'schedule' | 'refreshTaskId' | 'dryRun' | 'addRunHooks' | 'wantedName'
> &
  // Optional: a provider of an engine copy without them lists no change signals.
  Partial<Pick<OrgEntityProvider, 'changeSignals' | 'changeOptions'>>;

/** True for providers built by this engine (any copy). */
export function isOperableProvider(value: EntityProvider): value is EntityProvider & OperableProvider {
  const p = value as Partial<Record<keyof OperableProvider, unknown>>;
  return !!p && typeof p.getProviderName === 'function' && typeof p.dryRun === 'function' && typeof p.addRunHooks === 'function' && typeof p.wantedName === 'function';
}
