const fs = require('fs');
// Writes okta.json, graph.json, github.json next to this file: `node packages/reliability/corpus/build.js`.
const out = __dirname;
const long = n => 'Long' + 'x'.repeat(n - 4);
// [key, given, family, display, login(local), email]
const people = [
  ['ada', 'Ada', 'Lovelace', 'Ada Lovelace', 'ada.lovelace', 'ada.lovelace@example.com'],
  ['ada-case', 'ADA', 'LOVELACE', 'ADA LOVELACE', 'Ada.Lovelace', 'ADA.LOVELACE@EXAMPLE.COM'],
  ['emoji', 'Zoë 😀', 'Ñandú', 'Zoë 😀 Ñandú', 'zoe.emoji', 'zoë😀@example.com'],
  ['rtl', 'مريم', 'العربية', 'مريم العربية \u202Egnp.exe', 'maryam', 'maryam@example.com'],
  ['cjk', '太郎', '山田', '山田 太郎', 'yamada', 'yamada@example.com'],
  ['long', long(300), long(300), long(300), 'l'.repeat(300), 'l'.repeat(300) + '@example.com'],
  ['tag', 'Grace', 'Hopper', 'Grace Hopper', 'grace', 'Grace+Ops@Example.COM'],
  ['dup-email-1', 'Sam', 'One', 'Sam One', 'sam.one', 'shared@example.com'],
  ['dup-email-2', 'Sam', 'Two', 'Sam Two', 'sam.two', 'shared@example.com'],
  ['dup-login-1', 'Dup', 'First', 'Dup First', 'dup', 'dup1@example.com'],
  ['dup-login-2', 'Dup', 'Second', 'Dup Second', 'dup', 'dup2@example.com'],
  ['no-email', 'No', 'Email', 'No Email', 'no.email', undefined],
  ['no-login', 'No', 'Login', 'No Login', undefined, 'no.login@example.com'],
  ['no-names', undefined, undefined, undefined, 'nameless', 'nameless@example.com'],
  ['nulls', null, null, null, 'nulls', null],
  ['wrong-types', 42, ['x'], { a: 1 }, 'wrong.types', 12345],
  ['control', 'Bad\u0000Name', 'Ctrl\u0007\u001b[31m', 'Bad\u0000Name\n\tCtrl\u0007', 'ctrl\u0001name', 'ctrl\u0001@example.com'],
  ['html', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '<b>Bold</b> &amp; co', 'html<script>', '"<script>"@example.com'],
  ['path', '../../etc', 'passwd', '..\\..\\windows\\system32', '../../etc/passwd', '../admin@example.com'],
  ['only-symbols', '---', '___', '...', '...', '...@example.com'],
];
// [key, name, description]
const teams = [
  ['platform', 'Platform', 'The platform team'],
  ['platform-case', 'PLATFORM', null],
  ['emoji', '🚀 Rocket Team', 'Ünïcödé 😀'],
  ['rtl', 'فريق المنصة', 'فريق'],
  ['long', long(300), long(300)],
  ['html', '<script>alert("team")</script>', '<img src=x onerror=alert(1)>'],
  ['path', '../../admins', '/etc/passwd'],
  ['control', 'Ctrl\u0000Team\u0007', 'line\nbreak'],
  ['cycle-a', 'Cycle A', 'parent is Cycle B'],
  ['cycle-b', 'Cycle B', 'parent is Cycle A'],
  ['self', 'Self Parent', 'its own parent and member'],
  ['orphan-parent', 'Orphan', 'parent is an unknown id'],
];
const members = {
  platform: ['ada', 'ada-case', 'emoji', 'rtl', 'cjk', 'long', 'tag'],
  'platform-case': ['dup-email-1', 'dup-email-2', 'dup-login-1', 'dup-login-2'],
  emoji: ['emoji', 'no-email', 'no-login', 'no-names'],
  rtl: ['rtl', 'nulls', 'wrong-types'],
  long: ['long', 'control'],
  html: ['html', 'path', 'only-symbols'],
  path: ['path'],
  control: ['control'],
  'cycle-a': ['ada'],
  'cycle-b': ['ada-case'],
  self: ['tag'],
  'orphan-parent': ['cjk'],
};
const parentOf = { 'cycle-a': 'cycle-b', 'cycle-b': 'cycle-a', self: 'self', 'orphan-parent': 'unknown', emoji: 'platform', rtl: 'emoji' };
const hex = (n, w) => n.toString(16).padStart(w, '0');

// ---------- Okta ----------
{
  const uid = i => `00ucorpus${String(i).padStart(11, '0')}`;
  const gid = i => `00gcorpus${String(i).padStart(11, '0')}`;
  const users = people.map(([, given, family, display, login, email], i) => {
    const profile = { firstName: given, lastName: family, displayName: display, login: login === undefined ? undefined : typeof login === 'string' ? `${login}@example.com` : login, email };
    for (const k of Object.keys(profile)) if (profile[k] === undefined) delete profile[k];
    return {
      id: uid(i), status: 'ACTIVE', created: '2024-01-01T00:00:00.000Z', activated: '2024-01-01T00:00:01.000Z', statusChanged: '2024-01-01T00:00:01.000Z',
      lastLogin: null, lastUpdated: '2024-01-02T00:00:00.000Z', passwordChanged: null, type: { id: 'otycorpus' }, profile,
      credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
    };
  });
  const keyIndex = Object.fromEntries(people.map(([k], i) => [k, i]));
  const teamIndex = Object.fromEntries(teams.map(([k], i) => [k, i]));
  const groups = teams.map(([key, name, description], i) => ({
    id: gid(i), created: '2024-01-01T00:00:00.000Z', lastUpdated: '2024-01-01T00:00:00.000Z', lastMembershipUpdated: '2024-01-01T00:00:00.000Z',
    objectClass: ['okta:user_group'], type: 'OKTA_GROUP',
    profile: { name, description, parentGroupId: parentOf[key] === undefined ? null : parentOf[key] === 'unknown' ? '00gunknown000000000' : gid(teamIndex[parentOf[key]]) },
  }));
  // A group without a name and one with a wrong-typed name.
  groups.push({ ...groups[0], id: gid(90), profile: { description: 'no name' } });
  groups.push({ ...groups[0], id: gid(91), profile: { name: 12345, description: ['wrong', 'type'] } });
  const memberships = Object.fromEntries(Object.entries(members).map(([t, ks]) => [gid(teamIndex[t]), ks.map(k => uid(keyIndex[k]))]));
  fs.writeFileSync(`${out}/okta.json`, JSON.stringify({ users, groups, memberships }, null, 2) + '\n');
}

// ---------- Graph ----------
{
  const guid = (kind, i) => `${kind === 'u' ? 'c0ffee00' : 'bead0000'}-0000-4000-8000-${hex(i, 12)}`;
  const tenantId = '0c0c0c0c-1111-4222-8333-444444444444';
  const users = people.map(([key, given, family, display, login, email], i) => ({
    id: guid('u', i), displayName: display, givenName: given, surname: family,
    userPrincipalName: typeof login === 'string' ? `${login}@example.com` : login === undefined ? `user${i}@example.com` : login,
    mail: email ?? null, mailNickname: typeof login === 'string' ? login : null, accountEnabled: true, userType: 'Member',
    jobTitle: key === 'wrong-types' ? 7 : null, department: null, businessPhones: [], mobilePhone: null, officeLocation: null,
    preferredLanguage: null, employeeId: null, createdDateTime: '2021-01-04T09:00:00Z',
  }));
  // Graph's own quirk: a user without a display name and one whose displayName is not a string.
  const keyIndex = Object.fromEntries(people.map(([k], i) => [k, i]));
  const teamIndex = Object.fromEntries(teams.map(([k], i) => [k, i]));
  const groups = teams.map(([key, name, description], i) => ({
    id: guid('g', i), displayName: name, description, mail: null, mailEnabled: false,
    mailNickname: key, securityEnabled: true, groupTypes: [], visibility: null, createdDateTime: '2021-01-04T09:00:00Z',
  }));
  groups.push({ ...groups[0], id: guid('g', 90), displayName: null, mailNickname: null, description: 'no name' });
  const m = {};
  for (const [t, ks] of Object.entries(members)) m[guid('g', teamIndex[t])] = ks.map(k => guid('u', keyIndex[k]));
  // Nesting: a child group is a member of its parent. Cycles and self-membership on purpose.
  for (const [child, parent] of Object.entries(parentOf)) {
    if (parent === 'unknown') continue;
    m[guid('g', teamIndex[parent])].push(guid('g', teamIndex[child]));
  }
  const organization = { id: tenantId, displayName: 'Corpus <Org> 😀', tenantType: 'AAD',
    verifiedDomains: [{ name: 'example.com', isDefault: true, isInitial: false, type: 'Managed', capabilities: 'Email' }] };
  fs.writeFileSync(`${out}/graph.json`, JSON.stringify({ tenantId, organization, users, groups, members: m, photos: {} }, null, 2) + '\n');
}

// ---------- GitHub ----------
{
  // GitHub logins are [a-zA-Z0-9-]; the hostile part is in names, emails, team names, descriptions.
  const loginOf = (key, i) => (key === 'ada-case' ? 'Ada-Lovelace-2' /* GitHub logins are unique case-insensitively */ : key === 'ada' ? 'ada-lovelace' : key === 'long' ? 'l'.repeat(39) : `${key}-${i}`);
  const users = people.map(([key, , , display, , email], i) => ({
    // The emulator's GraphQL layer (as GitHub's) cannot serve a non-string name or email: wrong types become null.
    login: loginOf(key, i), id: 20000 + i, node_id: `MDQ6VXNlcjIwMDA${i}`, name: typeof display === 'string' ? display : null,
    email: typeof email === 'string' ? email : null,
    company: key === 'html' ? '<script>alert(1)</script>' : null, location: key === 'rtl' ? 'الرياض' : null,
    bio: key === 'control' ? 'bio\u0000with\u0007control' : key === 'long' ? long(300) : null, blog: '', site_admin: false,
    created_at: '2020-01-01T00:00:00Z', updated_at: '2020-01-01T00:00:00Z', suspended_at: null,
    verified_emails: typeof email === 'string' ? [email] : [],
  }));
  const slugOf = key => ({ 'platform-case': 'platform-2', long: 'long-' + 'x'.repeat(60) }[key] ?? key);
  const orgTeams = teams.map(([key, name, description], i) => ({
    id: 600 + i, node_id: `MDQ6VGVhbTYw${i}`, name, slug: slugOf(key), description, privacy: 'closed',
    notification_setting: 'notifications_enabled', permission: 'pull',
    parent_slug: parentOf[key] && parentOf[key] !== 'unknown' && !['cycle-a', 'cycle-b', 'self'].includes(key) ? slugOf(parentOf[key]) : null,
    created_at: '2020-01-01T00:00:00Z', updated_at: '2020-01-01T00:00:00Z',
  }));
  const keyIndex = Object.fromEntries(people.map(([k], i) => [k, i]));
  const team_members = Object.fromEntries(Object.entries(members).map(([t, ks]) => [slugOf(t), ks.map((k, j) => ({ login: loginOf(k, keyIndex[k]), role: j === 0 ? 'maintainer' : 'member' }))]));
  const org = {
    login: 'corpus', id: 300, node_id: 'MDEyOk9yZ2FuaXphdGlvbjMwMA==', name: 'Corpus <Org> 😀', description: '<script>', email: null,
    created_at: '2019-01-01T00:00:00Z', updated_at: '2019-01-01T00:00:00Z', verified_domains: ['example.com'], installation_id: 1,
    members: users.map((u, i) => ({ login: u.login, role: i === 0 ? 'admin' : 'member' })), teams: orgTeams, team_members,
  };
  fs.writeFileSync(`${out}/github.json`, JSON.stringify({ users, orgs: [org] }, null, 2) + '\n');
}
