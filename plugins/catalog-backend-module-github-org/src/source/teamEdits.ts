import type { GithubUser } from '../extensionPoint';
import { githubTeamRaw, type GithubTeamRecord } from './githubRecords';

interface Edit {
  join: Set<string>;
  leave: Set<string>;
}

/**
 * Membership changes for stored team records, per team: who is a member now
 * (with the GitHub user a team's `members` carries) and who is not. Applied to
 * a team as the store has it, they give the record a full read would give.
 */
export class TeamEdits {
  private readonly edits = new Map<string, Edit>();

  join(team: string, user: string): void {
    const edit = this.edit(team);
    edit.leave.delete(user);
    edit.join.add(user);
  }

  leave(team: string, user: string): void {
    const edit = this.edit(team);
    edit.join.delete(user);
    edit.leave.add(user);
  }

  teams(): string[] {
    return [...this.edits.keys()];
  }

  /**
   * The stored team with this team's edits; the same record when they change nothing. A joining member's entry in
   * `members` is `users`' GitHub user (login and id when it has none).
   */
  applyTo(team: GithubTeamRecord, users: ReadonlyMap<string, GithubUser>): GithubTeamRecord {
    const edit = this.edits.get(team.id);
    if (!edit) return team;
    const ids = team.memberUserIds ?? [];
    const joining = [...edit.join].filter(id => !ids.includes(id));
    if (!joining.length && !ids.some(id => edit.leave.has(id))) return team;
    const raw = githubTeamRaw(team);
    const stays = (id: string | undefined) => id === undefined || !edit.leave.has(id);
    const joined = joining.map(id => users.get(id) ?? { login: id, id });
    return {
      ...team,
      memberUserIds: [...ids.filter(stays), ...joining],
      raw: { ...raw, github: { ...raw.github, members: [...raw.github.members.filter(m => stays(m.id)), ...joined] } },
    };
  }

  private edit(team: string): Edit {
    let edit = this.edits.get(team);
    if (!edit) this.edits.set(team, (edit = { join: new Set(), leave: new Set() }));
    return edit;
  }
}
