import path from 'node:path';
import type { Idp, RunningEmulator } from './emulators';
import { graphProviderConnection } from '@orgsync/idp-emulators';

export type ImplName = 'ours-okta' | 'peer-okta' | 'ours-msgraph' | 'peer-msgraph' | 'ours-github' | 'peer-github' | 'ours-ldap' | 'peer-ldap';
export const IMPL_NAMES: ImplName[] = ['ours-okta', 'peer-okta', 'ours-msgraph', 'peer-msgraph', 'ours-github', 'peer-github', 'ours-ldap', 'peer-ldap'];

/** What one sync printed: when it started and ended, what it applied, and the module's own phase durations. */
export interface SyncLog {
  users: number;
  groups: number;
  /** Seconds as the module reports them (ours: read/map/guard/apply; official peers: read/commit). */
  phases: Record<string, number>;
  /** Ours only: whether the module read everything or only what changed. */
  readMode?: 'full' | 'incremental' | 'delta';
  /** Ours (Okta) only: the read's summary line — how the user list was sliced and which member reads each skip rule saved. */
  readStats?: OktaReadStats;
}

/** What ours-okta's read summary line (`okta read made … requests …`) says. */
export interface OktaReadStats {
  requests: number;
  rateLimited: number;
  /** Slices of the user list read side by side (1: one listing). */
  userListSlices: number;
  memberListsRead: number;
  /** Member reads saved because Okta counts no members in the group (`expand=stats`). */
  memberListsSkippedEmpty: number;
  /** Member reads saved because `lastMembershipUpdated` is unchanged since the last applied run. */
  memberListsReused: number;
}

export interface Impl {
  name: ImplName;
  idp: Idp;
  side: 'ours' | 'peer';
  /** The module under test, as installed. */
  module: string;
  entry: string;
  preload?: string;
  /** `catalog.providers` (and `integrations`) for this implementation against this emulator. */
  config(emulator: RunningEmulator): Record<string, unknown>;
  /** Scheduler task id of the sync, to trigger the second and third runs. */
  task: RegExp;
  started: RegExp;
  finished: RegExp;
  failed: RegExp;
  /** Reads counts and phases from the finishing line (and the lines before it). */
  parse(finished: string, earlier: string[]): SyncLog;
}

const dist = (...parts: string[]) => path.resolve(__dirname, ...parts);

/** Run once shortly after start (Roadie's provider throws "Not initialized" if it runs before the catalog connects it), then only when the harness triggers it. */
const SCHEDULE = { frequency: { hours: 24 }, timeout: { minutes: 60 }, initialDelay: { seconds: 5 } };

const OURS_APPLIED =
  /: applied (\d+) users, (\d+) groups .* in ([\d.]+)s \((?:(full|incremental|delta) )?read ([\d.]+)s, map ([\d.]+)s, (?:catalog check ([\d.]+)s, )?guard ([\d.]+)s, apply ([\d.]+)s(?:, save ([\d.]+)s)?\)/;
const OURS_FAILED = /: (read failed|deletion guard refused|.*; nothing applied)/;
const OKTA_READ_SUMMARY =
  /^okta read made (\d+) requests, (\d+) answered 429; user list in (\d+) slice\(s\); member lists: (\d+) read, (\d+) skipped \(Okta counts no members\), (\d+) reused/;

/** The newest Okta read summary among the run's lines, if the module printed one. */
function oktaReadStats(lines: string[]): OktaReadStats | undefined {
  const m = [...lines].reverse().map(l => OKTA_READ_SUMMARY.exec(l)).find(Boolean);
  if (!m) return undefined;
  const [requests, rateLimited, userListSlices, memberListsRead, memberListsSkippedEmpty, memberListsReused] = m.slice(1).map(Number);
  return { requests, rateLimited, userListSlices, memberListsRead, memberListsSkippedEmpty, memberListsReused };
}

function oursParse(line: string): SyncLog {
  const m = OURS_APPLIED.exec(line);
  if (!m) throw new Error(`unexpected applied line: ${line}`);
  const [users, groups, total] = m.slice(1, 4).map(Number);
  const [read, map, check, guard, apply, save] = m.slice(5).map(Number);
  return {
    users,
    groups,
    readMode: m[4] as SyncLog['readMode'],
    phases: { total, read, map, ...(m[7] ? { check } : {}), guard, apply, ...(m[10] ? { save } : {}) },
  };
}

/** The official modules log `Read N … users and M … groups in X seconds. Committing...` then `Committed … in Y seconds.` */
function officialParse(finished: string, earlier: string[]): SyncLog {
  const read = [...earlier].reverse().map(l => /^Read (\d+) \S+ users and (\d+) \S+ (?:groups|teams) in ([\d.]+) seconds/.exec(l)).find(Boolean);
  const commit = /in ([\d.]+) seconds/.exec(finished);
  if (!read || !commit) throw new Error(`unexpected official log lines: ${finished}`);
  return { users: Number(read[1]), groups: Number(read[2]), phases: { read: Number(read[3]), commit: Number(commit[1]) } };
}

function integrationFor(emulator: RunningEmulator) {
  const { url, apiBaseUrl, token } = emulator.github!.info;
  return { github: [{ host: new URL(url).host, apiBaseUrl, token }] };
}

function graphProvider(emulator: RunningEmulator) {
  return {
    ...graphProviderConnection(emulator.graph!.info),
    schedule: SCHEDULE,
  };
}

/** The official module's documented OpenLDAP shape; both LDAP modules read the same `catalog.providers.ldapOrg` keys. */
function ldapProvider(emulator: RunningEmulator) {
  const { slapd, directory } = emulator.ldap!;
  return {
    target: slapd.url,
    bind: { dn: slapd.rootDn, secret: slapd.rootPassword },
    users: { dn: directory.peopleDn, options: { filter: '(objectClass=inetOrgPerson)' } },
    groups: { dn: directory.groupsDn, options: { filter: '(objectClass=groupOfNames)' } },
    schedule: SCHEDULE,
  };
}

export const IMPLS: Record<ImplName, Impl> = {
  'ours-okta': {
    name: 'ours-okta',
    idp: 'okta',
    side: 'ours',
    module: '@orgsync/plugin-catalog-backend-module-okta-org',
    entry: dist('backends', 'ours-okta.js'),
    config: e => ({ catalog: { providers: { okta: { bench: { orgUrl: e.okta!.info.orgUrl, token: e.okta!.info.token, schedule: SCHEDULE } } } } }),
    task: /^okta:bench/,
    started: /^okta:bench: sync started/,
    finished: OURS_APPLIED,
    failed: OURS_FAILED,
    parse: (line, earlier) => ({ ...oursParse(line), readStats: oktaReadStats(earlier) }),
  },
  'peer-okta': {
    name: 'peer-okta',
    idp: 'okta',
    side: 'peer',
    module: '@roadiehq/catalog-backend-module-okta@1.4.1',
    entry: dist('backends', 'peer-okta.js'),
    config: e => ({ catalog: { providers: { okta: [{ orgUrl: e.okta!.info.orgUrl, token: e.okta!.info.token, schedule: SCHEDULE }] } } }),
    task: /^okta-entity-provider-okta-org:all/,
    started: /^Providing user and group resources from okta/,
    finished: /^Finished providing (\d+) user and (\d+) group resources/,
    failed: /^Roadie never logs its own failure; the scheduler logs the error$/,
    parse: line => {
      const m = /^Finished providing (\d+) user and (\d+) group/.exec(line)!;
      return { users: Number(m[1]), groups: Number(m[2]), phases: {} };
    },
  },
  'ours-msgraph': {
    name: 'ours-msgraph',
    idp: 'graph',
    side: 'ours',
    module: '@orgsync/plugin-catalog-backend-module-msgraph-org',
    entry: dist('backends', 'ours-msgraph.js'),
    config: e => ({ catalog: { providers: { microsoftGraphOrg: { bench: graphProvider(e) } } } }),
    task: /bench/,
    started: /: sync started/,
    finished: OURS_APPLIED,
    failed: OURS_FAILED,
    parse: line => oursParse(line),
  },
  'peer-msgraph': {
    name: 'peer-msgraph',
    idp: 'graph',
    side: 'peer',
    module: '@backstage/plugin-catalog-backend-module-msgraph@0.10.6',
    entry: dist('backends', 'peer-msgraph.js'),
    preload: dist('preload', 'noInstanceDiscovery.js'),
    config: e => ({ catalog: { providers: { microsoftGraphOrg: { bench: graphProvider(e) } } } }),
    task: /^MicrosoftGraphOrgEntityProvider:bench/,
    started: /^Reading msgraph users and groups/,
    finished: /^Committed .* in [\d.]+ seconds/,
    failed: /refresh failed/,
    parse: officialParse,
  },
  'ours-github': {
    name: 'ours-github',
    idp: 'github',
    side: 'ours',
    module: '@orgsync/plugin-catalog-backend-module-github-org',
    entry: dist('backends', 'ours-github.js'),
    config: e => ({
      integrations: integrationFor(e),
      catalog: { providers: { githubOrg: { id: 'bench', githubUrl: e.github!.info.url, orgs: [e.github!.info.org], schedule: SCHEDULE } } },
    }),
    task: /bench/,
    started: /: sync started/,
    finished: OURS_APPLIED,
    failed: OURS_FAILED,
    parse: line => oursParse(line),
  },
  'peer-github': {
    name: 'peer-github',
    idp: 'github',
    side: 'peer',
    module: '@backstage/plugin-catalog-backend-module-github-org@0.3.26',
    entry: dist('backends', 'peer-github.js'),
    config: e => ({
      integrations: integrationFor(e),
      catalog: { providers: { githubOrg: { id: 'bench', githubUrl: e.github!.info.url, orgs: [e.github!.info.org], schedule: SCHEDULE } } },
    }),
    task: /bench/,
    started: /^Reading GitHub users and groups/,
    finished: /^Committed .* in [\d.]+ seconds/,
    failed: /refresh failed/,
    parse: officialParse,
  },
  'ours-ldap': {
    name: 'ours-ldap',
    idp: 'ldap',
    side: 'ours',
    module: '@orgsync/plugin-catalog-backend-module-ldap-org',
    entry: dist('backends', 'ours-ldap.js'),
    config: e => ({ catalog: { providers: { ldapOrg: { bench: ldapProvider(e) } } } }),
    task: /^LdapOrgEntityProvider:bench:refresh$/,
    started: /: sync started/,
    finished: OURS_APPLIED,
    failed: OURS_FAILED,
    parse: line => oursParse(line),
  },
  'peer-ldap': {
    name: 'peer-ldap',
    idp: 'ldap',
    side: 'peer',
    module: '@backstage/plugin-catalog-backend-module-ldap@0.12.9',
    entry: dist('backends', 'peer-ldap.js'),
    config: e => ({ catalog: { providers: { ldapOrg: { bench: ldapProvider(e) } } } }),
    task: /^LdapOrgEntityProvider:bench:refresh$/,
    started: /^Reading LDAP users and groups/,
    finished: /^Committed .* in [\d.]+ seconds/,
    failed: /refresh failed/,
    parse: officialParse,
  },
};
