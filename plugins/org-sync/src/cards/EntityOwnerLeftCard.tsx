import { WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { orgSyncApiRef } from '../api/OrgSyncApi';
import type { Leaver } from '../api/types';
import { formatWhen } from '../components/format';
import { useAsyncData } from '../components/useAsyncData';

/** A warning on an entity whose owner (or parent, or member) has left; nothing otherwise. */
export function EntityOwnerLeftCard() {
  const { entity } = useEntity();
  const api = useApi(orgSyncApiRef);
  const ref = stringifyEntityRef(entity);
  const leavers = useAsyncData(() => api.getLeavers(), [api]);
  if (leavers.loading || leavers.error) return null;
  const owners = leavers.value.filter(l => l.owned.some(o => o.entityRef === ref));
  if (!owners.length) return null;
  return (
    <WarningPanel severity="warning" defaultExpanded title={owners.length === 1 ? 'Its owner has left' : 'Owners have left'}>
      <ul>
        {owners.map(owner => (
          <li key={owner.ref}>
            <EntityRefLink entityRef={owner.ref} /> {describe(owner, ref)}
          </li>
        ))}
      </ul>
    </WarningPanel>
  );
}

function describe(owner: Leaver, ref: string): string {
  const fields = owner.owned.filter(o => o.entityRef === ref).map(o => o.field).join(', ');
  const since = owner.since ? ` since ${formatWhen(owner.since)}` : '';
  return `(${owner.state}${since}${owner.reason ? `: ${owner.reason}` : ''}) is still named in ${fields}.`;
}
