import { SeededRandom } from './random';

/**
 * An IdP-neutral generated organisation. Each emulator turns it into its own
 * fixture shape (Okta users/groups, Graph users/groups, GitHub members/teams).
 */
export interface GeneratedPerson {
  /** Stable index-based key, unique within the org. */
  key: string;
  /** Login / username (unique, may collide case-insensitively when hostile). */
  login: string;
  givenName: string;
  familyName: string;
  displayName: string;
  /** Missing for some hostile records. Duplicates possible when hostile. */
  email?: string;
  /** Lifecycle: each IdP maps it (Okta SUSPENDED/DEPROVISIONED, Entra accountEnabled=false, GHES suspended). */
  status: 'active' | 'suspended' | 'deprovisioned';
  department: string;
  title: string;
  /** True when this record was generated with a hostile name or email. */
  hostile: boolean;
}

export interface GeneratedTeam {
  key: string;
  name: string;
  description: string;
  /** Key of the parent team, if nested. */
  parentKey?: string;
  /** Keys of direct member people. */
  memberKeys: string[];
  hostile: boolean;
}

export interface GeneratedOrg {
  people: GeneratedPerson[];
  teams: GeneratedTeam[];
}

export interface GeneratorOptions {
  seed?: number;
  users?: number;
  groups?: number;
  /** Maximum depth of team nesting (1 = flat). Default 3. */
  nestingDepth?: number;
  /** Average direct team memberships per person. Default 2. */
  membershipsPerUser?: number;
  /** Share of suspended people. Default 0.03. */
  suspendedShare?: number;
  /** Share of deprovisioned / disabled people. Default 0.03. */
  deprovisionedShare?: number;
  /** Share of records with hostile names (unicode, very long, case-only duplicates, duplicate or missing emails). Default 0.02. */
  hostileShare?: number;
  /** Email domain. Default example.com. */
  domain?: string;
}

const GIVEN = ['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Frances', 'Edsger', 'Radia', 'Donald', 'Hedy', 'John', 'Katherine', 'Tim', 'Anita', 'Guido', 'Sophie', 'Bjarne', 'Mary', 'James', 'Lynn', 'Niklaus'];
const FAMILY = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Allen', 'Dijkstra', 'Perlman', 'Knuth', 'Lamarr', 'McCarthy', 'Johnson', 'Berners-Lee', 'Borg', 'van Rossum', 'Wilson', 'Stroustrup', 'Keller', 'Gosling', 'Conway', 'Wirth'];
const TEAM_WORDS = ['Platform', 'Payments', 'Search', 'Identity', 'Data', 'Mobile', 'Web', 'Infra', 'Security', 'Billing', 'Growth', 'Ads', 'Maps', 'Video', 'Edge', 'Storage', 'Compute', 'Networking', 'Observability', 'Developer Experience'];
const DEPARTMENTS = ['Engineering', 'Product', 'Design', 'Operations', 'Sales', 'Finance'];
const TITLES = ['Engineer', 'Senior Engineer', 'Staff Engineer', 'Manager', 'Designer', 'Analyst'];

const HOSTILE_GIVEN = ['Zoë', 'Renée', '李', 'محمد', 'Ørjan', 'Siobhán', '🚀Rocket', 'Ελένη', 'Ñandú', "O'Brien"];
const HOSTILE_FAMILY = ['Ångström', '王', 'عبد الله', 'Łukasiewicz', 'Müller-Lüdenscheidt', 'Ōta', 'Дмитриев', '<script>alert(1)</script>', '../../etc/passwd', 'x'.repeat(300)];

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.+|\.+$/g, '');
}

/** Generates an org. Same options → same org, byte for byte. */
export function generateOrg(options: GeneratorOptions = {}): GeneratedOrg {
  const rnd = new SeededRandom(options.seed ?? 1);
  const userCount = options.users ?? 100;
  const groupCount = options.groups ?? 10;
  const depth = Math.max(1, options.nestingDepth ?? 3);
  const perUser = options.membershipsPerUser ?? 2;
  const suspendedShare = options.suspendedShare ?? 0.03;
  const deprovisionedShare = options.deprovisionedShare ?? 0.03;
  const hostileShare = options.hostileShare ?? 0.02;
  const domain = options.domain ?? 'example.com';

  const people: GeneratedPerson[] = [];
  const usedLogins = new Set<string>();
  for (let i = 0; i < userCount; i++) {
    const hostile = rnd.chance(hostileShare);
    const givenName = hostile ? rnd.pick(HOSTILE_GIVEN) : rnd.pick(GIVEN);
    const familyName = hostile ? rnd.pick(HOSTILE_FAMILY) : rnd.pick(FAMILY);
    let base = slug(`${givenName}.${familyName}`) || `user${i}`;
    let login = base;
    for (let n = 2; usedLogins.has(login); n++) login = `${base}${n}`;
    let email: string | undefined = `${login}@${domain}`;
    if (hostile && people.length > 0) {
      const kind = rnd.int(4);
      const earlier = people[rnd.int(people.length)];
      if (kind === 0) {
        // case-only duplicate of an existing login
        base = earlier.login.toUpperCase();
        login = base;
        for (let n = 2; usedLogins.has(login); n++) login = `${base}${n}`;
        email = `${login}@${domain}`;
      } else if (kind === 1 && earlier.email) {
        email = earlier.email; // duplicate email
      } else if (kind === 2) {
        email = undefined; // missing email
      } else {
        email = `${login}+Tag@${domain.toUpperCase()}`;
      }
    }
    usedLogins.add(login);
    const statusRoll = rnd.next();
    const status: GeneratedPerson['status'] =
      statusRoll < deprovisionedShare ? 'deprovisioned' : statusRoll < deprovisionedShare + suspendedShare ? 'suspended' : 'active';
    people.push({
      key: `u${i}`,
      login,
      givenName,
      familyName,
      displayName: `${givenName} ${familyName}`,
      email,
      status,
      department: rnd.pick(DEPARTMENTS),
      title: rnd.pick(TITLES),
      hostile,
    });
  }

  const teams: GeneratedTeam[] = [];
  const levelOf: number[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < groupCount; i++) {
    const hostile = rnd.chance(hostileShare);
    let name: string;
    if (hostile) {
      const kind = rnd.int(3);
      if (kind === 0 && teams.length > 0) name = teams[rnd.int(teams.length)].name.toUpperCase();
      else if (kind === 1) name = `${rnd.pick(TEAM_WORDS)} ${'Long Team Name '.repeat(8)}${i}`;
      else name = `${rnd.pick(['Équipe', '团队', 'فريق', '🚀 Rockets', '_leading', 'trailing.'])} ${i}`;
    } else {
      name = `${rnd.pick(TEAM_WORDS)} ${rnd.pick(TEAM_WORDS)} ${i}`;
    }
    while (usedNames.has(name)) name = `${name} ${i}`;
    usedNames.add(name);
    let parentKey: string | undefined;
    let level = 1;
    if (i > 0 && depth > 1 && rnd.chance(0.6)) {
      const candidates = Math.min(i, 50);
      const parentIndex = i - 1 - rnd.int(candidates);
      if (levelOf[parentIndex] < depth) {
        parentKey = teams[parentIndex].key;
        level = levelOf[parentIndex] + 1;
      }
    }
    levelOf.push(level);
    teams.push({ key: `g${i}`, name, description: `The ${name} team`, parentKey, memberKeys: [], hostile });
  }

  if (teams.length > 0) {
    for (const person of people) {
      const count = Math.max(0, Math.round(perUser + (rnd.next() - 0.5) * 2));
      const chosen = new Set<number>();
      for (let c = 0; c < count; c++) chosen.add(rnd.int(teams.length));
      for (const index of [...chosen].sort((a, b) => a - b)) teams[index].memberKeys.push(person.key);
    }
  }

  return { people, teams };
}
