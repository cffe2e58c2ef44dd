import { SeededRandom, type GeneratedOrg, type GeneratedPerson } from '../core';
import type { OktaFixture, OktaGroup, OktaUser, OktaUserStatus } from './fixture';
import { oktaId } from './ids';

export interface OktaConversionOptions {
  /** Seed for ids (default 1). Same org + same options → same fixture. */
  seed?: number;
  /** Domain of `profile.login` (`<generated login>@<domain>`). Default `example.com`. */
  domain?: string;
  /** Earliest `created` timestamp. Default `2024-01-01T00:00:00.000Z`. */
  baseTime?: string;
  /** Share of active people turned STAGED (never activated). Default 0. */
  stagedShare?: number;
  /** Share of active people turned PROVISIONED (activated, no password yet). Default 0. */
  provisionedShare?: number;
  /** Add Okta's BUILT_IN `Everyone` group holding every user. Default false. */
  everyoneGroup?: boolean;
  /**
   * Okta groups are flat. When set, each nested generated team gets its parent
   * group's id in this custom group profile attribute (e.g. `parentGroupId`).
   */
  groupParentAttribute?: string;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Converts an IdP-neutral generated org into Okta users, groups and memberships. */
export function oktaFixtureFromGeneratedOrg(org: GeneratedOrg, options: OktaConversionOptions = {}): OktaFixture {
  const random = new SeededRandom(options.seed ?? 1);
  const domain = options.domain ?? 'example.com';
  const base = Date.parse(options.baseTime ?? '2024-01-01T00:00:00.000Z');
  const userTypeId = oktaId('oty', random);
  const roll = new SeededRandom((options.seed ?? 1) ^ 0x5eed);
  const stagedShare = options.stagedShare ?? 0;
  const provisionedShare = options.provisionedShare ?? 0;

  const ids = new Set<string>();
  const uniqueId = (prefix: '00u' | '00g') => {
    let id = oktaId(prefix, random);
    while (ids.has(id)) id = oktaId(prefix, random);
    ids.add(id);
    return id;
  };

  const userIdByKey = new Map<string, string>();
  const users = org.people.map((person, index): OktaUser => {
    const r = roll.next();
    let status = statusOf(person);
    if (status === 'ACTIVE' && r < stagedShare) status = 'STAGED';
    else if (status === 'ACTIVE' && r < stagedShare + provisionedShare) status = 'PROVISIONED';
    const id = uniqueId('00u');
    userIdByKey.set(person.key, id);
    return makeUser(person, index, id, status, { base, domain, userTypeId });
  });

  const groupIdByKey = new Map<string, string>();
  for (const team of org.teams) groupIdByKey.set(team.key, uniqueId('00g'));

  const groups: OktaGroup[] = [];
  const memberships: Record<string, string[]> = {};
  if (options.everyoneGroup) {
    const id = uniqueId('00g');
    groups.push(makeGroup(id, base - DAY, 'BUILT_IN', 'Everyone', 'All users in your organization'));
    memberships[id] = users.map(u => u.id);
  }
  org.teams.forEach((team, index) => {
    const id = groupIdByKey.get(team.key)!;
    const group = makeGroup(id, base + index * MINUTE, 'OKTA_GROUP', team.name, team.description);
    group.lastUpdated = iso(base + index * MINUTE + (index % 29) * DAY);
    group.lastMembershipUpdated = iso(base + index * MINUTE + (index % 41) * DAY + 1000);
    if (options.groupParentAttribute) {
      group.profile[options.groupParentAttribute] = team.parentKey ? (groupIdByKey.get(team.parentKey) ?? null) : null;
    }
    groups.push(group);
    memberships[id] = team.memberKeys.map(key => userIdByKey.get(key)).filter((v): v is string => !!v);
  });

  return { users, groups, memberships };
}

function statusOf(person: GeneratedPerson): OktaUserStatus {
  if (person.status === 'suspended') return 'SUSPENDED';
  if (person.status === 'deprovisioned') return 'DEPROVISIONED';
  return 'ACTIVE';
}

function makeUser(
  person: GeneratedPerson,
  index: number,
  id: string,
  status: OktaUserStatus,
  ctx: { base: number; domain: string; userTypeId: string },
): OktaUser {
  const created = ctx.base + index * MINUTE;
  const everActivated = status !== 'STAGED';
  const activated = everActivated ? created + 1000 : null;
  const hasPassword = everActivated && status !== 'PROVISIONED';
  const lastUpdated = created + (1 + (index % 97)) * DAY;
  const statusChanged =
    status === 'SUSPENDED' || status === 'DEPROVISIONED' ? lastUpdated : activated;
  const lastLogin = hasPassword && status !== 'DEPROVISIONED' ? created + (2 + (index % 53)) * DAY : null;
  return {
    id,
    status,
    created: iso(created),
    activated: activated === null ? null : iso(activated),
    statusChanged: statusChanged === null ? null : iso(statusChanged),
    lastLogin: lastLogin === null ? null : iso(lastLogin),
    lastUpdated: iso(Math.max(lastUpdated, lastLogin ?? 0)),
    passwordChanged: hasPassword ? iso(created + 2000) : null,
    type: { id: ctx.userTypeId },
    profile: {
      firstName: person.givenName,
      lastName: person.familyName,
      mobilePhone: null,
      secondEmail: null,
      login: `${person.login}@${ctx.domain}`,
      ...(person.email !== undefined ? { email: person.email } : {}),
      displayName: person.displayName,
      title: person.title,
      department: person.department,
      employeeNumber: String(100000 + index),
    },
    credentials: {
      ...(hasPassword ? { password: {} } : {}),
      ...(person.email ? { emails: [{ value: person.email, status: 'VERIFIED' as const, type: 'PRIMARY' as const }] } : {}),
      provider: { type: 'OKTA', name: 'OKTA' },
    },
  };
}

function makeGroup(id: string, createdMs: number, type: OktaGroup['type'], name: string, description: string | null): OktaGroup {
  return {
    id,
    created: iso(createdMs),
    lastUpdated: iso(createdMs),
    lastMembershipUpdated: iso(createdMs),
    objectClass: ['okta:user_group'],
    type,
    profile: { name, description },
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
