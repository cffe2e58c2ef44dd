import type { GithubUser } from '../extensionPoint';
import { githubTeamRaw, type GithubTeamRecord } from './githubRecords';

interface Edit {
  team: GithubTeamRecord;
  join: Set<string>;
  leave: Set<string>;
}

/**
 * Membership changes for stored team records, per team: who is a member now
 * and who is not. Applied to a team as the store has it, they give the record
 * a full read would give.
 */
export class TeamEdits {
  private readonly edits = new Map<string, Edit>();

  join(team: GithubTeamRecord, user: string): void {
    const edit = this.edit(team);
    edit.leave.delete(user);
    edit.join.add(user);
  }

  leave(team: GithubTeamRecord, user: string): void {
    const edit = this.edit(team);
    edit.join.delete(user);
    edit.leave.add(user);
  }

  /**
   * The stored teams these edits change, edited, leaving out those in `except` (read whole instead). A joining
   * member's entry in `members` is `users`' GitHub user (login and id when it has none).
   */
  changedTeams(users: ReadonlyMap<string, GithubUser>, except: ReadonlySet<string>): GithubTeamRecord[] {
    const changed: GithubTeamRecord[] = [];
    for (const [id, edit] of this.edits) {
      if (except.has(id)) continue;
      const edited = applied(edit, users);
      if (edited) changed.push(edited);
    }
    return changed;
  }

  private edit(team: GithubTeamRecord): Edit {
    let edit = this.edits.get(team.id);
    if (!edit) this.edits.set(team.id, (edit = { team, join: new Set(), leave: new Set() }));
    return edit;
  }
}

/** The team with its edit; undefined when the edit changes nothing. */
function applied({ team, join, leave }: Edit, users: ReadonlyMap<string, GithubUser>): GithubTeamRecord | undefined {
  const ids = team.memberUserIds ?? [];
  const joining = [...join].filter(id => !ids.includes(id));
  if (!joining.length && !ids.some(id => leave.has(id))) return undefined;
  const raw = githubTeamRaw(team);
  const stays = (id: string | undefined) => id === undefined || !leave.has(id);
  const joined = joining.map(id => users.get(id) ?? { login: id, id });
  return {
    ...team,
    memberUserIds: [...ids.filter(stays), ...joining],
    raw: { ...raw, github: { ...raw.github, members: [...raw.github.members.filter(m => stays(m.id)), ...joined] } },
  };
}
