import path from 'node:path';
import {
  startGithubEmulator,
  startGraphEmulator,
  startOktaEmulator,
  type GeneratorOptions,
  type GithubEmulator,
  type GraphEmulator,
  type OktaEmulator,
  type OktaRateLimits,
  type RequestCounters,
} from '@orgsync/idp-emulators';
import { changeLdap, ldapCounters, startBenchLdap, type BenchLdap } from './ldapDirectory';

export type Idp = 'okta' | 'graph' | 'github' | 'ldap';

/** Okta's documented per-minute limits for a small org's management API families (the same order as the peer measurement). */
export const OKTA_RATE_LIMITS: OktaRateLimits = { users: 600, user: 600, groups: 500, group: 1000, groupMembers: 600, token: 600 };

type Changed = { renamedUsers: number; membershipChanges: number };

export interface RunningEmulator {
  idp: Idp;
  okta?: OktaEmulator;
  graph?: GraphEmulator;
  github?: GithubEmulator;
  /** A real slapd with the generated org; its "requests" are LDAP operations. */
  ldap?: BenchLdap;
  counters(): RequestCounters;
  resetCounters(): void;
  /** Renames `share` of the users and moves as many memberships (one removal and one addition each); returns what changed. */
  change(share: number): Changed | Promise<Changed>;
  close(): Promise<void>;
}

export interface EmulatorSettings {
  generate: GeneratorOptions;
  latencyMs: number;
  rateLimits: boolean;
  /** Environment for processes that talk to the HTTPS Graph emulator. */
  tlsDir: string;
}

/** `scripts/dev-tls.js` of the repository: the CA children must trust to reach the Graph emulator. */
export async function devTlsEnv(): Promise<Record<string, string>> {
  const devTls = require(path.resolve(__dirname, '..', '..', '..', 'scripts', 'dev-tls.js')) as {
    devTlsEnv(): Promise<Record<string, string>>;
  };
  return devTls.devTlsEnv();
}

export async function startEmulatorFor(idp: Idp, settings: EmulatorSettings): Promise<RunningEmulator> {
  const common = { generate: settings.generate, latencyMs: settings.latencyMs, seed: settings.generate.seed };
  if (idp === 'okta') {
    const okta = await startOktaEmulator({ ...common, rateLimits: settings.rateLimits ? OKTA_RATE_LIMITS : undefined });
    return wrap(idp, { okta }, okta.server, share => changeOkta(okta, share), () => okta.close());
  }
  if (idp === 'graph') {
    const graph = await startGraphEmulator({ ...common, tlsDir: settings.tlsDir });
    return wrap(idp, { graph }, graph.server, share => changeGraph(graph, share), () => graph.close());
  }
  if (idp === 'ldap') {
    // No added latency: the bench talks to a real slapd on this machine.
    const ldap = await startBenchLdap(settings.generate);
    const counters = { counters: () => ldapCounters(ldap.slapd), resetCounters: () => ldap.slapd.resetOperations() };
    return wrap(idp, { ldap }, counters, share => changeLdap(ldap, share), () => ldap.slapd.stop());
  }
  const github = await startGithubEmulator(common);
  return wrap(idp, { github }, github.server, share => changeGithub(github, share), () => github.close());
}

function wrap(
  idp: Idp,
  handles: Pick<RunningEmulator, 'okta' | 'graph' | 'github' | 'ldap'>,
  server: { counters(): RequestCounters; resetCounters(): void },
  change: RunningEmulator['change'],
  close: () => Promise<void>,
): RunningEmulator {
  return { idp, ...handles, counters: () => server.counters(), resetCounters: () => server.resetCounters(), change, close };
}

const countOf = (total: number, share: number) => Math.max(1, Math.round(total * share));

function changeOkta(okta: OktaEmulator, share: number) {
  const users = okta.org.users().filter(u => u.status === 'ACTIVE');
  const groups = okta.org.groups().filter(g => g.type === 'OKTA_GROUP');
  const n = countOf(users.length, share);
  users.slice(0, n).forEach(u => okta.org.renameUser(u.id, `Renamed ${u.profile.login}`));
  let moved = 0;
  for (let i = 0; i < n && groups.length > 1; i++) {
    const from = groups[i % groups.length];
    const to = groups[(i + 1) % groups.length];
    const member = okta.org.memberIds(from.id).find(id => !okta.org.memberIds(to.id).includes(id));
    if (!member) continue;
    okta.org.removeMember(from.id, member);
    okta.org.addMember(to.id, member);
    moved += 2;
  }
  return { renamedUsers: n, membershipChanges: moved };
}

function changeGraph(graph: GraphEmulator, share: number) {
  const users = graph.org.users().filter(u => u.accountEnabled);
  const userIds = new Set(users.map(u => u.id));
  const groups = graph.org.groups();
  const n = countOf(users.length, share);
  users.slice(0, n).forEach(u => graph.org.renameUser(u.id, `${u.displayName ?? u.userPrincipalName} Renamed`));
  let moved = 0;
  for (let i = 0; i < n && groups.length > 1; i++) {
    const from = groups[i % groups.length];
    const to = groups[(i + 1) % groups.length];
    const toMembers = new Set(graph.org.members(to.id));
    const member = graph.org.members(from.id).find(id => userIds.has(id) && !toMembers.has(id));
    if (!member) continue;
    graph.org.removeMember(from.id, member);
    graph.org.addMember(to.id, member);
    moved += 2;
  }
  return { renamedUsers: n, membershipChanges: moved };
}

function changeGithub(github: GithubEmulator, share: number) {
  const org = github.org.snapshot().orgs[0];
  const members = org.members.map(m => m.login);
  const n = countOf(members.length, share);
  members.slice(0, n).forEach(login => github.org.renameUser(login, `${login} Renamed`));
  const slugs = org.teams.map(t => t.slug);
  let moved = 0;
  for (let i = 0; i < n && slugs.length > 1; i++) {
    const from = slugs[i % slugs.length];
    const to = slugs[(i + 1) % slugs.length];
    const toMembers = new Set((org.team_members[to] ?? []).map(m => m.login));
    const member = (org.team_members[from] ?? []).map(m => m.login).find(login => !toMembers.has(login));
    if (!member) continue;
    github.org.removeTeamMember(from, member);
    github.org.addTeamMember(to, member);
    toMembers.add(member);
    moved += 2;
  }
  return { renamedUsers: n, membershipChanges: moved };
}
