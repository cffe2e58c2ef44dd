import { DEFAULT_NAMESPACE, type Entity } from '@backstage/catalog-model';
import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, compact } from '../mapping/entities';
import type { OrgGroupRecord, OrgUserRecord } from '../records';

/** When the person or group left (ISO 8601). @public */
export const ANNOTATION_DEPARTED_AT = 'orgsync.io/departed-at';
/** Why: the IdP status that made them leave, e.g. `DEPROVISIONED`, `accountEnabled: false`, `removed from the IdP`. @public */
export const ANNOTATION_DEPARTURE = 'orgsync.io/departure';
/** `true` on every departed entity, for `by-query` filters (`metadata.labels.orgsync.io/departed=true`). @public */
export const LABEL_DEPARTED = 'orgsync.io/departed';

/** Who left: a person or a group, with the last record read of them when there is one. */
export type DepartedRecord = { kind: 'user'; record?: OrgUserRecord } | { kind: 'group'; record?: OrgGroupRecord };

/**
 * The entity a departed person or group keeps during the grace period: the
 * same ref (so `metadata.uid` and every `spec.owner` pointing at it stay), a
 * display name for people looking at what they owned, and nothing else —
 * no memberships, no email, and none of the IdP's annotations, which are what
 * Backstage's sign-in resolvers look up (`okta.com/email`,
 * `graph.microsoft.com/user-id`, `github.com/user-login`, …): a departed
 * person can never sign in through a resolver.
 */
export function departedEntity(
  ref: string,
  departed: DepartedRecord,
  departure: { at: number; reason: string; location: string; defaultGroupType: string },
): Entity {
  const { namespace, name } = parseRef(ref);
  const description = departed.kind === 'group' ? departed.record?.description : undefined;
  const metadata = {
    name,
    namespace,
    ...(description ? { description } : {}),
    labels: { [LABEL_DEPARTED]: 'true' },
    annotations: {
      [ANNOTATION_LOCATION]: departure.location,
      [ANNOTATION_ORIGIN_LOCATION]: departure.location,
      [ANNOTATION_DEPARTED_AT]: new Date(departure.at).toISOString(),
      [ANNOTATION_DEPARTURE]: departure.reason,
    },
  };
  if (departed.kind === 'user') {
    const user = departed.record;
    const displayName = user?.displayName ?? ([user?.givenName, user?.familyName].filter(Boolean).join(' ') || undefined);
    return { apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata, spec: { profile: compact({ displayName }), memberOf: [] } };
  }
  const group = departed.record;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata,
    spec: { type: group?.type ?? departure.defaultGroupType, profile: compact({ displayName: group?.displayName ?? group?.name }), children: [] },
  };
}

function parseRef(ref: string): { namespace: string; name: string } {
  const rest = ref.slice(ref.indexOf(':') + 1);
  const slash = rest.indexOf('/');
  return slash < 0 ? { namespace: DEFAULT_NAMESPACE, name: rest } : { namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
}
