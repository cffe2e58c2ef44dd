import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { formatWhen } from '../components/format';

/** The engine's annotations on a person's User (plugins/catalog-org-sync-node: departedEntity.ts, entities.ts). @public */
export const ORG_SYNC_ANNOTATIONS = {
  departedAt: 'orgsync.io/departed-at',
  departure: 'orgsync.io/departure',
  linkedAccounts: 'orgsync.io/linked-accounts',
} as const;

/** Annotation prefixes of the IdPs' identities (what sign-in resolvers look up). */
const IDENTITY_PREFIXES = ['okta.com/', 'graph.microsoft.com/', 'microsoft.com/', 'github.com/', 'backstage.io/ldap-'];

/** A User's identities in each IdP, and when and why they left. */
export function EntityIdentitiesCard() {
  const { entity } = useEntity();
  const identities = identitiesOf(entity);
  const annotations = entity.metadata.annotations ?? {};
  const departedAt = annotations[ORG_SYNC_ANNOTATIONS.departedAt];
  const linked = annotations[ORG_SYNC_ANNOTATIONS.linkedAccounts];
  return (
    <InfoCard title="Identities">
      {departedAt ? (
        <p role="note">
          Left on {formatWhen(departedAt)}
          {annotations[ORG_SYNC_ANNOTATIONS.departure] ? `: ${annotations[ORG_SYNC_ANNOTATIONS.departure]}` : ''}.
        </p>
      ) : null}
      {identities.length ? (
        <dl aria-label="Identities in the identity providers">
          {identities.map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p>No identity of an org provider.</p>
      )}
      {linked ? <p>Linked accounts: {linked}</p> : null}
    </InfoCard>
  );
}

function identitiesOf(entity: Entity): Array<[string, string]> {
  return Object.entries(entity.metadata.annotations ?? {}).filter(([key]) => IDENTITY_PREFIXES.some(prefix => key.startsWith(prefix)));
}
