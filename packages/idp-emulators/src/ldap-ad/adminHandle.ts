import type { AdDirectory, AdObject, AdObjectKind } from './directory';
import { tryDnKey } from './dn';
import { AdAdminError } from './errors';
import { ACCOUNT_DISABLED, GLOBAL_SECURITY_GROUP, NORMAL_ACCOUNT } from './fromGeneratedOrg';
import { formatObjectGuid, newObjectGuid } from './guid';
import { SeededRandom } from '../core';

/** An object as the admin API shows it (JSON-serialisable; objectGUID in its string form). */
export interface AdObjectView {
  /** objectGUID in AD's string form (the `backstage.io/ldap-uuid` the official module writes). */
  id: string;
  dn: string;
  kind: AdObjectKind;
  usnCreated: number;
  usnChanged: number;
  /** Every attribute as text (`member`/`memberOf` complete, no range limit). */
  attributes: Record<string, string[]>;
}

export interface NewAdUser {
  sAMAccountName: string;
  /** RDN value. Default: displayName, else sAMAccountName. */
  cn?: string;
  givenName?: string;
  sn?: string;
  displayName?: string;
  mail?: string;
  /** Default: the People OU. */
  parentDn?: string;
  disabled?: boolean;
  /** Groups (any reference) to add the user to. */
  groups?: string[];
}

export interface NewAdGroup {
  cn: string;
  description?: string;
  /** Default: the Groups OU. */
  parentDn?: string;
  /** Members (any reference). */
  members?: string[];
}

/**
 * Changes the emulated domain between syncs, in-process (the HTTP admin API
 * under `/__admin/ad/...` calls the same methods). Objects are named by any
 * reference: objectGUID string, DN, sAMAccountName or userPrincipalName.
 * Every change takes a new USN: the changed object's `uSNChanged` (for a
 * membership change, the group's — `memberOf` is a back link and does not
 * change the member, as on AD). Failures throw `AdAdminError`.
 */
export interface AdDirectoryHandle {
  users(): AdObjectView[];
  groups(): AdObjectView[];
  find(ref: string): AdObjectView | undefined;
  /** The server's highestCommittedUSN (also in the rootDSE). */
  highestCommittedUsn(): number;
  createUser(input: NewAdUser): AdObjectView;
  /** Sets (or, with null, clears) attributes of an object. */
  updateAttributes(ref: string, attributes: Record<string, string | string[] | null>): AdObjectView;
  disableUser(ref: string): AdObjectView;
  enableUser(ref: string): AdObjectView;
  /** A new cn (so a new DN) and displayName; objectGUID stays. */
  rename(ref: string, cn: string): AdObjectView;
  /** A new parent container (so a new DN); objectGUID stays. */
  move(ref: string, parentDn: string): AdObjectView;
  /** Deletes a user or group; groups holding it lose the member (and change). No tombstone is left. */
  delete(ref: string): void;
  createGroup(input: NewAdGroup): AdObjectView;
  addMember(groupRef: string, memberRef: string): boolean;
  removeMember(groupRef: string, memberRef: string): boolean;
}

export function createDirectoryHandle(directory: AdDirectory, defaults: { peopleDn: string; groupsDn: string; domain: string; seed: number }): AdDirectoryHandle {
  const random = new SeededRandom(defaults.seed ^ 0xad4d);
  const view = (object: AdObject): AdObjectView => ({
    id: object.id,
    dn: directory.dnOf(object),
    kind: object.kind,
    usnCreated: object.usnCreated,
    usnChanged: object.usnChanged,
    attributes: Object.fromEntries(
      directory.render(object).map(a => [a.name, a.values.map(v => (Buffer.isBuffer(v) ? formatObjectGuid(v) : v))]),
    ),
  });
  const resolve = (ref: string): AdObject | undefined => {
    const byId = directory.get(ref.replace(/[{}]/g, '').toLowerCase());
    if (byId) return byId;
    const key = ref.includes('=') ? tryDnKey(ref) : undefined;
    if (key !== undefined) return directory.byDnKey(key);
    const lower = ref.toLowerCase();
    return directory.all().find(o =>
      ['sAMAccountName', 'userPrincipalName'].some(name => directory.attribute(o, name)?.some(v => String(v).toLowerCase() === lower)),
    );
  };
  const must = (ref: string, kind?: AdObjectKind): AdObject => {
    const object = resolve(ref);
    if (!object) throw new AdAdminError(`no object ${ref}`, 404);
    if (kind && object.kind !== kind) throw new AdAdminError(`${ref} is a ${object.kind}, not a ${kind}`);
    return object;
  };
  const changed = (object: AdObject) => {
    directory.touch(object);
    return view(object);
  };
  const setUac = (ref: string, disabled: boolean) => {
    const user = must(ref, 'user');
    const uac = Number(directory.attribute(user, 'userAccountControl')?.[0] ?? NORMAL_ACCOUNT);
    directory.setAttribute(user, 'userAccountControl', [String(disabled ? uac | ACCOUNT_DISABLED : uac & ~ACCOUNT_DISABLED)]);
    return changed(user);
  };
  const link = (group: AdObject, member: AdObject, add: boolean) => {
    const done = add ? directory.link(group, member.id) : directory.unlink(group, member.id);
    if (done) directory.touch(group);
    return done;
  };
  const text = (values: Record<string, string | number | undefined>) =>
    new Map(
      Object.entries(values)
        .filter((e): e is [string, string | number] => e[1] !== undefined)
        .map(([name, value]) => [name.toLowerCase(), { name, values: [String(value)] }]),
    );

  return {
    users: () => directory.all().filter(o => o.kind === 'user').map(view),
    groups: () => directory.all().filter(o => o.kind === 'group').map(view),
    find: ref => {
      const object = resolve(ref);
      return object && view(object);
    },
    highestCommittedUsn: () => directory.highestCommittedUsn,
    createUser: input => {
      if (resolve(input.sAMAccountName)) throw new AdAdminError(`sAMAccountName ${input.sAMAccountName} is taken`, 409);
      const cn = input.cn ?? input.displayName ?? input.sAMAccountName;
      const user = directory.insert({
        guid: newObjectGuid(random),
        kind: 'user',
        rdnType: 'CN',
        rdnValue: cn,
        parentDn: input.parentDn ?? defaults.peopleDn,
        attributes: text({
          cn,
          sn: input.sn,
          givenName: input.givenName,
          displayName: input.displayName,
          userAccountControl: NORMAL_ACCOUNT | (input.disabled ? ACCOUNT_DISABLED : 0),
          sAMAccountName: input.sAMAccountName,
          sAMAccountType: 805306368,
          userPrincipalName: `${input.sAMAccountName}@${defaults.domain}`,
          mail: input.mail,
        }),
      });
      for (const ref of input.groups ?? []) link(must(ref, 'group'), user, true);
      return view(user);
    },
    updateAttributes: (ref, attributes) => {
      const object = must(ref);
      for (const [name, value] of Object.entries(attributes)) {
        directory.setAttribute(object, name, value === null ? undefined : Array.isArray(value) ? value : [value]);
      }
      return changed(object);
    },
    disableUser: ref => setUac(ref, true),
    enableUser: ref => setUac(ref, false),
    rename: (ref, cn) => {
      const object = must(ref);
      directory.rename(object, cn);
      if (object.kind === 'user') directory.setAttribute(object, 'displayName', [cn]);
      return changed(object);
    },
    move: (ref, parentDn) => {
      const object = must(ref);
      directory.rename(object, object.rdnValue, parentDn);
      return changed(object);
    },
    delete: ref => directory.remove(must(ref)),
    createGroup: input => {
      const group = directory.insert({
        guid: newObjectGuid(random),
        kind: 'group',
        rdnType: 'CN',
        rdnValue: input.cn,
        parentDn: input.parentDn ?? defaults.groupsDn,
        attributes: text({ cn: input.cn, description: input.description, groupType: GLOBAL_SECURITY_GROUP, sAMAccountName: input.cn.replace(/["/\\[\]:;|=,+*?<>]/g, ''), sAMAccountType: 268435456 }),
      });
      for (const ref of input.members ?? []) directory.link(group, must(ref).id);
      return view(group);
    },
    addMember: (groupRef, memberRef) => link(must(groupRef, 'group'), must(memberRef), true),
    removeMember: (groupRef, memberRef) => link(must(groupRef, 'group'), must(memberRef), false),
  };
}
