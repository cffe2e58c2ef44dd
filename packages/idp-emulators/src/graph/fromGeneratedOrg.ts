import type { GeneratedOrg, GeneratedPerson, GeneratedTeam } from '../core';
import type { GraphFixture, GraphGroup, GraphPhoto, GraphUser } from './fixture';
import { stableGuid } from './ids';

export interface GraphFixtureOptions {
  /** Seed mixed into every id (default 1). */
  seed?: number;
  /** Verified (default) domain for UPNs. Default: the domain of the first email, else example.com. */
  domain?: string;
  /** Initial `*.onmicrosoft.com` domain, used for guest UPNs. Default `emulated.onmicrosoft.com`. */
  initialDomain?: string;
  /** Every n-th person is a guest (`userType: 'Guest'`). Default 20; 0 = none. */
  guestEvery?: number;
  /** Every n-th person has a profile photo. Default 3; 0 = none. */
  photoEvery?: number;
}

/** A 1×1 PNG: real image bytes, small enough to keep big orgs cheap. */
export const SAMPLE_PHOTO: GraphPhoto = {
  contentType: 'image/png',
  base64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  width: 1,
  height: 1,
};

const EPOCH = Date.UTC(2021, 0, 4, 9, 0, 0);

/** Converts an IdP-neutral generated org into a Graph tenant. */
export function graphFixtureFromGeneratedOrg(org: GeneratedOrg, options: GraphFixtureOptions = {}): GraphFixture {
  const seed = options.seed ?? 1;
  const domain = options.domain ?? org.people.find(p => p.email)?.email?.split('@')[1]?.toLowerCase() ?? 'example.com';
  const initialDomain = options.initialDomain ?? 'emulated.onmicrosoft.com';
  const guestEvery = options.guestEvery ?? 20;
  const photoEvery = options.photoEvery ?? 3;
  const tenantId = stableGuid('tenant', seed);

  const userIds = new Map<string, string>();
  const usedUpns = new Set<string>();
  const photos: Record<string, GraphPhoto> = {};
  const users = org.people.map((person, index) => {
    const guest = guestEvery > 0 && index % guestEvery === guestEvery - 1;
    const user = toUser(person, index, { seed, domain, initialDomain, guest, usedUpns });
    userIds.set(person.key, user.id);
    if (photoEvery > 0 && index % photoEvery === 0) photos[user.id] = SAMPLE_PHOTO;
    return user;
  });

  const groupIds = new Map(org.teams.map(team => [team.key, stableGuid('group', seed, team.key)]));
  const hasChildren = new Set(org.teams.map(t => t.parentKey).filter((k): k is string => !!k));
  const usedNicknames = new Set<string>();
  const groups = org.teams.map((team, index) =>
    toGroup(team, index, { id: groupIds.get(team.key)!, domain, hasChildren: hasChildren.has(team.key), usedNicknames }),
  );

  const members: Record<string, string[]> = {};
  for (const team of org.teams) {
    const id = groupIds.get(team.key)!;
    members[id] = team.memberKeys.map(key => userIds.get(key)).filter((m): m is string => !!m);
  }
  for (const team of org.teams) {
    if (team.parentKey && groupIds.has(team.parentKey)) members[groupIds.get(team.parentKey)!].push(groupIds.get(team.key)!);
  }

  return {
    tenantId,
    organization: {
      id: tenantId,
      displayName: 'Emulated Organization',
      tenantType: 'AAD',
      createdDateTime: new Date(EPOCH).toISOString().replace('.000', ''),
      countryLetterCode: 'US',
      verifiedDomains: [
        { name: domain, isDefault: true, isInitial: false, type: 'Managed', capabilities: 'Email, OfficeCommunicationsOnline' },
        { name: initialDomain, isDefault: false, isInitial: true, type: 'Managed', capabilities: 'Email, OfficeCommunicationsOnline' },
      ],
    },
    users,
    groups,
    members,
    photos,
  };
}

function toUser(
  person: GeneratedPerson,
  index: number,
  ctx: { seed: number; domain: string; initialDomain: string; guest: boolean; usedUpns: Set<string> },
): GraphUser {
  const nickname = person.login.replace(/[^A-Za-z0-9._-]/g, '') || `user${index}`;
  let upnBase = ctx.guest
    ? `${nickname}_partner.example.org#EXT#@${ctx.initialDomain}`
    : `${nickname}@${ctx.domain}`;
  // Entra refuses two UPNs that differ only in case; the generator makes such pairs on purpose.
  for (let n = 2; ctx.usedUpns.has(upnBase.toLowerCase()); n++) {
    upnBase = ctx.guest ? `${nickname}${n}_partner.example.org#EXT#@${ctx.initialDomain}` : `${nickname}${n}@${ctx.domain}`;
  }
  ctx.usedUpns.add(upnBase.toLowerCase());
  const mail = ctx.guest ? (person.email ? person.email.replace(/@.*/, '@partner.example.org') : null) : (person.email ?? null);
  return {
    id: stableGuid('user', ctx.seed, person.key),
    displayName: person.displayName,
    givenName: person.givenName,
    surname: person.familyName,
    userPrincipalName: upnBase,
    mail,
    mailNickname: ctx.guest ? `${nickname}_partner.example.org#EXT#` : nickname,
    accountEnabled: person.status === 'active',
    userType: ctx.guest ? 'Guest' : 'Member',
    jobTitle: person.title,
    department: person.department,
    businessPhones: [],
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-US',
    employeeId: ctx.guest ? null : String(100000 + index),
    createdDateTime: isoSeconds(EPOCH + index * 3_600_000),
  };
}

function toGroup(
  team: GeneratedTeam,
  index: number,
  ctx: { id: string; domain: string; hasChildren: boolean; usedNicknames: Set<string> },
): GraphGroup {
  // Microsoft 365 groups cannot hold groups, so only leaf teams become one.
  const kind = ctx.hasChildren ? (index % 2 === 0 ? 'security' : 'mailSecurity') : (['unified', 'security', 'mailSecurity'] as const)[index % 3];
  let nickname = team.name.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60) || `group-${index}`;
  const base = nickname;
  for (let n = 2; ctx.usedNicknames.has(nickname); n++) nickname = `${base}-${n}`;
  ctx.usedNicknames.add(nickname);
  const mailEnabled = kind !== 'security';
  return {
    id: ctx.id,
    displayName: team.name,
    description: team.description,
    mail: mailEnabled ? `${nickname}@${ctx.domain}` : null,
    mailEnabled,
    mailNickname: nickname,
    securityEnabled: kind !== 'unified',
    groupTypes: kind === 'unified' ? ['Unified'] : [],
    visibility: kind === 'unified' ? 'Private' : null,
    createdDateTime: isoSeconds(EPOCH + index * 86_400_000),
    classification: null,
    isAssignableToRole: null,
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesSyncEnabled: null,
    proxyAddresses: mailEnabled ? [`SMTP:${nickname}@${ctx.domain}`] : [],
    renewedDateTime: isoSeconds(EPOCH + index * 86_400_000),
    securityIdentifier: `S-1-12-1-${parseInt(ctx.id.slice(0, 8), 16)}-${index}`,
  };
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
