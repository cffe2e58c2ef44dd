import type { GithubOrgRole, GithubUser } from '../fixture';
import type { GithubShapes } from '../shapes';
import type { OrgRecord, TeamRecord } from '../store';
import type { OrgHook } from './hooks';

/** `changes` of a `team.edited` delivery: the previous values of what changed. */
export interface TeamChanges {
  name?: { from: string };
  description?: { from: string };
  privacy?: { from: string };
  notification_setting?: { from: string };
}

/**
 * Webhook payloads in GitHub's shapes (`webhook-organization-member-added`,
 * `webhook-team-*`, `webhook-membership-*` of GitHub's OpenAPI description).
 * A team's `parent` is its parent at the time of the event.
 */
export class WebhookPayloads {
  constructor(private readonly shapes: GithubShapes) {}

  organization(action: 'member_added' | 'member_removed', org: OrgRecord, user: GithubUser, role: GithubOrgRole, sender: GithubUser) {
    const membership = this.shapes.orgMembership(org, user, role);
    return {
      action,
      membership: { url: membership.url, state: membership.state, role: membership.role, organization_url: membership.organization_url, user: membership.user },
      organization: this.shapes.organizationSimple(org),
      sender: this.shapes.simpleUser(sender),
    };
  }

  team(action: 'created' | 'deleted' | 'edited', org: OrgRecord, team: TeamRecord, parent: TeamRecord | undefined, sender: GithubUser, changes?: TeamChanges) {
    return {
      action,
      ...(action === 'edited' ? { changes: changes ?? {} } : {}),
      team: this.teamOf(org, team, parent),
      organization: this.shapes.organizationSimple(org),
      sender: this.shapes.simpleUser(sender),
    };
  }

  membership(action: 'added' | 'removed', org: OrgRecord, team: TeamRecord, parent: TeamRecord | undefined, member: GithubUser, sender: GithubUser) {
    return {
      action,
      scope: 'team',
      member: this.shapes.simpleUser(member),
      sender: this.shapes.simpleUser(sender),
      team: this.teamOf(org, team, parent),
      organization: this.shapes.organizationSimple(org),
    };
  }

  ping(org: OrgRecord, hook: OrgHook, hookBody: unknown, sender: GithubUser) {
    return {
      zen: 'Keep it logically awesome.',
      hook_id: hook.id,
      hook: hookBody,
      organization: this.shapes.organizationSimple(org),
      sender: this.shapes.simpleUser(sender),
    };
  }

  private teamOf(org: OrgRecord, team: TeamRecord, parent: TeamRecord | undefined) {
    return { ...this.shapes.teamSimple(org, team), parent: parent ? this.shapes.teamSimple(org, parent) : null };
  }
}
