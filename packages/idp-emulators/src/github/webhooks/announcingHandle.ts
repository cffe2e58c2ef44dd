import type { GithubOrgHandle } from '../orgHandle';
import type { GithubStore, OrgRecord, TeamRecord } from '../store';
import type { GithubWebhooks } from './index';

/**
 * Wraps the org handle so that each change is announced to the org's webhooks
 * the way GitHub announces it: `organization` (member_added, member_removed),
 * `team` (created, edited, deleted) and `membership` (added, removed; scope
 * team). Profile changes and suspensions have no org webhook on GitHub, so none here.
 */
export function announcingOrgHandle(handle: GithubOrgHandle, store: GithubStore, webhooks: GithubWebhooks): GithubOrgHandle {
  const { payloads } = webhooks;
  const sender = () => webhooks.sender();
  const parentOf = (org: OrgRecord, team: TeamRecord) => (team.parentId === null ? undefined : org.teams.get(team.parentId));
  const roleIn = (org: OrgRecord, login: string) => org.members.get(login.toLowerCase());

  return {
    ...handle,
    createUser: input => {
      const user = handle.createUser(input);
      if (input.org !== null) {
        const org = store.requireOrg(input.org ?? undefined);
        webhooks.emit(org, 'organization', payloads.organization('member_added', org, user, roleIn(org, user.login) ?? 'member', sender()));
      }
      return user;
    },
    deleteUser: login => {
      const user = store.user(login);
      const memberships = user ? [...store.orgs.values()].flatMap(org => (roleIn(org, login) ? [{ org, role: roleIn(org, login)! }] : [])) : [];
      handle.deleteUser(login);
      for (const { org, role } of memberships) webhooks.emit(org, 'organization', payloads.organization('member_removed', org, user!, role, sender()));
    },
    addOrgMember: (login, role, orgLogin) => {
      const org = store.requireOrg(orgLogin);
      const already = roleIn(org, login) !== undefined;
      handle.addOrgMember(login, role, orgLogin);
      if (!already) webhooks.emit(org, 'organization', payloads.organization('member_added', org, store.user(login)!, roleIn(org, login)!, sender()));
    },
    removeOrgMember: (login, orgLogin) => {
      const org = store.requireOrg(orgLogin);
      const role = roleIn(org, login);
      handle.removeOrgMember(login, orgLogin);
      const user = store.user(login);
      if (role && user) webhooks.emit(org, 'organization', payloads.organization('member_removed', org, user, role, sender()));
    },
    createTeam: (input, orgLogin) => {
      const team = handle.createTeam(input, orgLogin);
      const org = store.requireOrg(orgLogin);
      webhooks.emit(org, 'team', payloads.team('created', org, team, parentOf(org, team), sender()));
      return team;
    },
    renameTeam: (slug, name, orgLogin) => {
      const org = store.requireOrg(orgLogin);
      const before = store.team(org, slug)?.name;
      const team = handle.renameTeam(slug, name, orgLogin);
      const changes = before !== undefined && before !== team.name ? { name: { from: before } } : {};
      webhooks.emit(org, 'team', payloads.team('edited', org, team, parentOf(org, team), sender(), changes));
      return team;
    },
    setTeamParent: (slug, parentSlug, orgLogin) => {
      const team = handle.setTeamParent(slug, parentSlug, orgLogin);
      const org = store.requireOrg(orgLogin);
      webhooks.emit(org, 'team', payloads.team('edited', org, team, parentOf(org, team), sender(), {}));
      return team;
    },
    deleteTeam: (slug, orgLogin) => {
      const org = store.requireOrg(orgLogin);
      const team = store.team(org, slug);
      // GitHub deletes child teams with their parent; each gets its own delivery, children first.
      const doomed = team ? [...store.descendants(org, team).reverse(), team].map(t => ({ team: { ...t }, parent: parentOf(org, t) })) : [];
      handle.deleteTeam(slug, orgLogin);
      for (const { team: gone, parent } of doomed) webhooks.emit(org, 'team', payloads.team('deleted', org, gone, parent && { ...parent }, sender()));
    },
    addTeamMember: (slug, login, role, orgLogin) => {
      const org = store.requireOrg(orgLogin);
      const team = store.team(org, slug);
      const already = team ? org.teamMembers.get(team.id)?.has(login.toLowerCase()) : false;
      handle.addTeamMember(slug, login, role, orgLogin);
      if (team && !already) webhooks.emit(org, 'membership', payloads.membership('added', org, team, parentOf(org, team), store.user(login)!, sender()));
    },
    removeTeamMember: (slug, login, orgLogin) => {
      const org = store.requireOrg(orgLogin);
      handle.removeTeamMember(slug, login, orgLogin);
      const team = store.team(org, slug);
      const user = store.user(login);
      if (team && user) webhooks.emit(org, 'membership', payloads.membership('removed', org, team, parentOf(org, team), user, sender()));
    },
  };
}
