import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { generateLdapDirectory, type GeneratorOptions, type LdapDirectory, type RequestCounters } from '@orgsync/idp-emulators';
import { isSlapdAvailable, SLAPD_INSTALL_HINT, startSlapd, type SlapdServer } from '@orgsync/test-utils';

/** The generated org in a real, throw-away OpenLDAP `slapd` (what `ours-ldap` and `peer-ldap` read). */
export interface BenchLdap {
  slapd: SlapdServer;
  directory: LdapDirectory;
}

/** What the bench counts as LDAP "requests": operations from slapd's stats log (each page of a paged search is one). */
export function ldapCounters(slapd: SlapdServer): RequestCounters {
  const ops = slapd.operations();
  return {
    total: ops.binds + ops.searches + ops.writes,
    byRoute: {
      BIND: ops.binds,
      SEARCH: ops.searches,
      ...(ops.writes ? { 'ADD/MOD/DEL/MODRDN/EXT': ops.writes } : {}),
      // Not operations (not in the total): how much the searches returned.
      'entries returned (not counted as requests)': ops.entries,
    },
    byStatus: {},
    innerByRoute: {},
    innerByStatus: {},
  };
}

export async function startBenchLdap(generate: GeneratorOptions): Promise<BenchLdap> {
  if (!isSlapdAvailable()) throw new Error(`slapd is not installed: ${SLAPD_INSTALL_HINT}`);
  const directory = generateLdapDirectory(generate);
  const slapd = await startSlapd({ ldif: directory.ldif(), suffix: directory.suffix });
  return { slapd, directory };
}

const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');

/**
 * Renames `share` of the enabled people (`cn` and `displayName` become `Renamed …`; people whose RDN is their `cn` are
 * passed over, a rename of theirs would be a modrdn, and so are people whose `uid` is no valid entity name) and moves as many memberships (a `member` value removed from one
 * team and added to the next), in one `ldapmodify` as the directory's administrator.
 */
export async function changeLdap(ldap: BenchLdap, share: number): Promise<{ renamedUsers: number; membershipChanges: number }> {
  const { directory, slapd } = ldap;
  // Only people the official module can name too (its name is the `uid`; the catalog refuses invalid names and case
  // duplicates), so both sides can show every rename.
  const uidCount = new Map<string, number>();
  for (const p of directory.people) uidCount.set(p.uid.toLowerCase(), (uidCount.get(p.uid.toLowerCase()) ?? 0) + 1);
  const validName = (uid: string) => uid.length <= 63 && /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/i.test(uid) && uidCount.get(uid.toLowerCase()) === 1;
  const people = directory.people.filter(p => !p.disabled && p.dn.startsWith('uid=') && validName(p.uid));
  const n = Math.max(1, Math.round(directory.people.filter(p => !p.disabled).length * share));
  const blocks: string[] = [];
  for (const p of people.slice(0, n)) {
    const name = `Renamed ${p.cn}`;
    blocks.push([`dn:: ${b64(p.dn)}`, 'changetype: modify', 'replace: cn', `cn:: ${b64(name)}`, '-', 'replace: displayName', `displayName:: ${b64(name)}`, '-'].join('\n'));
  }
  const personByKey = new Map(directory.people.map(p => [p.key, p]));
  const teams = directory.groups.filter(g => !g.key.startsWith('fixed-'));
  let moved = 0;
  for (let i = 0; i < n && teams.length > 1; i++) {
    const from = teams[i % teams.length];
    const to = teams[(i + 1) % teams.length];
    // groupOfNames needs one member left behind.
    if (from.memberKeys.length + from.childKeys.length < 2) continue;
    const key = from.memberKeys.find(k => !to.memberKeys.includes(k));
    if (!key) continue;
    const index = from.memberKeys.indexOf(key);
    const memberDn = from.memberDns[index];
    const dn = personByKey.get(key)!.dn;
    blocks.push([`dn:: ${b64(from.dn)}`, 'changetype: modify', 'delete: member', `member:: ${b64(memberDn)}`, '-'].join('\n'));
    blocks.push([`dn:: ${b64(to.dn)}`, 'changetype: modify', 'add: member', `member:: ${b64(dn)}`, '-'].join('\n'));
    from.memberKeys.splice(index, 1);
    from.memberDns.splice(index, 1);
    to.memberKeys.push(key);
    to.memberDns.push(dn);
    moved += 2;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgsync-bench-ldif-'));
  try {
    const ldif = path.join(dir, 'change.ldif');
    const secret = path.join(dir, 'secret');
    fs.writeFileSync(ldif, `${blocks.join('\n\n')}\n`);
    fs.writeFileSync(secret, slapd.rootPassword, { mode: 0o600 });
    await promisify(execFile)('ldapmodify', ['-x', '-H', slapd.url, '-D', slapd.rootDn, '-y', secret, '-f', ldif]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { renamedUsers: Math.min(n, people.length), membershipChanges: moved };
}
