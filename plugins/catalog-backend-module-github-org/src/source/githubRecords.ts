import type { OrgDelta, OrgGroupRecord, OrgRecordReader, OrgUserRecord } from '@orgsync/plugin-catalog-org-sync-node';
import type { GithubTeam, GithubUser } from '../extensionPoint';

/** What a user record carries as `raw`: the GitHub user as transformers receive it, and the orgs it was found in. */
export interface GithubUserRaw {
  github: GithubUser;
  /** The first configured org the person is a member of (the transformers' `ctx.org`). */
  org: string;
  orgs: string[];
}

/** What a team record carries as `raw`. */
export interface GithubTeamRaw {
  github: GithubTeam;
  org: string;
}

export type GithubUserRecord = OrgUserRecord<GithubUserRaw>;
export type GithubTeamRecord = OrgGroupRecord<GithubTeamRaw>;
/** The engine's types as this module's source fills them (`OrgSource<GithubUserRaw, GithubTeamRaw>`). */
export type GithubRecordReader = OrgRecordReader<GithubUserRaw, GithubTeamRaw>;
export type GithubOrgDelta = OrgDelta<GithubUserRaw, GithubTeamRaw>;

/**
 * The GitHub side of a record the engine hands back (read this run, or kept in
 * its record store). Checked, not only typed: a record stored by an earlier
 * version may carry none, and the error names the record instead of failing
 * later on an undefined field.
 */
export function githubUserRaw(record: GithubUserRecord): GithubUserRaw {
  const raw = record.raw;
  if (!raw || typeof raw.org !== 'string' || typeof raw.github?.login !== 'string') {
    throw new Error(`GitHub user record ${record.id} has no GitHub user (raw.github, raw.org)`);
  }
  return raw;
}

/** As `githubUserRaw`, for teams. */
export function githubTeamRaw(record: GithubTeamRecord): GithubTeamRaw {
  const raw = record.raw;
  if (!raw || typeof raw.org !== 'string' || typeof raw.github?.slug !== 'string') {
    throw new Error(`GitHub team record ${record.id} has no GitHub team (raw.github, raw.org)`);
  }
  return raw;
}
