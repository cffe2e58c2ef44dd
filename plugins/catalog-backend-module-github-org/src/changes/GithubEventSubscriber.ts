import type { OrgChangeHints, OrgEvent, OrgEventSubscriber, OrgMembershipHint } from '@orgsync/plugin-catalog-org-sync-node';

/**
 * The topics the official github-org module consumes (without
 * `github.installation`): `@backstage/plugin-events-backend-module-github`
 * publishes each verified webhook delivery as `github.<X-GitHub-Event>`.
 */
export const GITHUB_ORG_EVENT_TOPICS = ['github.organization', 'github.membership', 'github.team'];

/** GitHub redelivers a delivery (same `X-GitHub-Delivery`) from up to three days back. */
const REDELIVERY_WINDOW_MS = 3 * 24 * 3600_000;

interface NodeRef {
  node_id?: unknown;
}

interface GithubOrgEventPayload {
  action?: unknown;
  organization?: { login?: unknown };
  membership?: { user?: NodeRef | null };
  member?: NodeRef | null;
  team?: NodeRef;
  scope?: unknown;
}

/**
 * Turns GitHub webhook deliveries into hints: the GraphQL node ids of the
 * users and teams they name, which the source re-reads before anything is
 * applied (a late or replayed delivery costs a read, never a wrong entity).
 * Deliveries for other orgs, and actions that change nothing this provider
 * emits, give no hints.
 */
export class GithubEventSubscriber implements OrgEventSubscriber {
  readonly label = 'GitHub webhooks';
  readonly topics = GITHUB_ORG_EVENT_TOPICS;
  private readonly orgs?: Set<string>;
  private readonly batchTeamChanges: boolean;

  /**
   * `orgs`: the provider's configured orgs; absent (every App installation) accepts any org, the re-read then keeps only
   * members of installed orgs. `batchTeamChanges`: every hint but a member leaving the org may wait for the next change round.
   */
  constructor(orgs?: string[], options: { batchTeamChanges?: boolean } = {}) {
    this.orgs = orgs?.length ? new Set(orgs.map(org => org.toLowerCase())) : undefined;
    this.batchTeamChanges = options.batchTeamChanges ?? false;
  }

  hintsOf(event: OrgEvent): OrgChangeHints | undefined {
    const found = this.namedIn(event);
    if (!found || found.resync || !this.batchTeamChanges) return found;
    const leaving = event.topic === 'github.organization' && (event.eventPayload as GithubOrgEventPayload | undefined)?.action === 'member_removed';
    return leaving ? found : { ...found, deferrable: true };
  }

  /** The delivery's GUID (the ingress passes the request's headers as metadata): a redelivery carries the same one. */
  deliveryOf(event: OrgEvent): { key: string; rememberForMs: number } | undefined {
    const guid = event.metadata?.['x-github-delivery'];
    return typeof guid === 'string' && guid ? { key: `github-delivery:${guid}`, rememberForMs: REDELIVERY_WINDOW_MS } : undefined;
  }

  private namedIn(event: OrgEvent): OrgChangeHints | undefined {
    const payload = (event.eventPayload ?? {}) as GithubOrgEventPayload;
    const org = typeof payload.organization?.login === 'string' ? payload.organization.login.toLowerCase() : undefined;
    if (!org || (this.orgs && !this.orgs.has(org))) return undefined;
    switch (event.topic) {
      case 'github.organization':
        return payload.action === 'member_added' || payload.action === 'member_removed' ? hints({ users: [payload.membership?.user] }) : undefined;
      case 'github.team':
        return payload.action === 'created' || payload.action === 'deleted' || payload.action === 'edited' ? hints({ groups: [payload.team] }) : undefined;
      case 'github.membership':
        return payload.scope === 'team' && (payload.action === 'added' || payload.action === 'removed')
          ? hints({ memberships: [{ user: payload.member, group: payload.team }] })
          : undefined;
      default:
        return undefined;
    }
  }
}

/** Node ids of the named objects; a delivery without one cannot be re-read by id, so it asks for a full read instead. */
function hints(named: {
  users?: Array<NodeRef | null | undefined>;
  groups?: Array<NodeRef | null | undefined>;
  memberships?: Array<{ user: NodeRef | null | undefined; group: NodeRef | null | undefined }>;
}): OrgChangeHints {
  const idOf = (ref: NodeRef | null | undefined) => (typeof ref?.node_id === 'string' && ref.node_id ? ref.node_id : undefined);
  const users = (named.users ?? []).map(idOf);
  const groups = (named.groups ?? []).map(idOf);
  const memberships = (named.memberships ?? []).map(m => ({ user: idOf(m.user), group: idOf(m.group) }));
  const ids = [...users, ...groups, ...memberships.flatMap(m => [m.user, m.group])];
  if (ids.includes(undefined)) return { resync: 'a GitHub webhook delivery named a user or team without its node_id' };
  return {
    ...(users.length ? { users: users as string[] } : {}),
    ...(groups.length ? { groups: groups as string[] } : {}),
    ...(memberships.length ? { memberships: memberships as OrgMembershipHint[] } : {}),
  };
}
