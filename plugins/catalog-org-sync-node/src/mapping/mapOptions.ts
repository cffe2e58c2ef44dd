import type { OrgGroupRecord, OrgUserRecord } from '../records';
import type { NamingStrategy } from '../naming/strategies';
import type { GroupEntity, UserEntity } from './entities';

/** An operator's hook on a user entity; `TRaw` is the module's IdP object (`record.raw`). @public */
export type UserTransformer<TRaw = unknown> = (entity: UserEntity, record: OrgUserRecord<TRaw>) => UserEntity | undefined | Promise<UserEntity | undefined>;
/** An operator's hook on a group entity; `TRaw` is the module's IdP object (`record.raw`). @public */
export type GroupTransformer<TRaw = unknown> = (entity: GroupEntity, record: OrgGroupRecord<TRaw>) => GroupEntity | undefined | Promise<GroupEntity | undefined>;

/** @public */
export interface MapOptions {
  /** `<idp>:<id>`; names the provider in the location annotations. */
  providerName: string;
  /** Namespace of every entity; default `default`. */
  namespace?: string;
  userNaming: NamingStrategy<OrgUserRecord>;
  groupNaming: NamingStrategy<OrgGroupRecord>;
  /** `spec.type` for groups whose record has none; default `team`. */
  defaultGroupType?: string;
  /** Value of the managed-by(-origin)-location annotations; default `org-sync:<providerName>`. */
  location?: string;
  /** `direct` (default): users' `memberOf` lists their groups; `transitive`: also every ancestor of those. */
  userMemberOf?: 'direct' | 'transitive';
  /** Leave out groups with no members and no children. Default false. */
  pruneEmptyGroups?: boolean;
  /** Record id → entity name from the last applied run, so names stay with their records (see `assignUniqueNames`). */
  previousNames?: { users: ReadonlyMap<string, string>; groups: ReadonlyMap<string, string> };
  /**
   * Users that are not in the snapshot but are emitted as they are (id → entity ref): a delta maps only the
   * users it touches, and groups still list these as members and their names stay taken.
   */
  otherUsers?: ReadonlyMap<string, string>;
  /**
   * Identity linking (`linkTo`): account id → ref of the person's entity (emitted by the people source) that the
   * account's memberships go to, or null for an account left out. Such accounts get no User of their own.
   */
  linkedUsers?: ReadonlyMap<string, string | null>;
  /** Migration: a linked account still gets its own User, without its IdP annotations, marked `orgsync.io/linked-to`. */
  keepLinkedUsers?: boolean;
  /** Names kept by entities that are not mapped from these records (departed people and groups, id → ref): nobody else may take them. */
  reserved?: { users?: ReadonlyMap<string, string>; groups?: ReadonlyMap<string, string> };
  /** Operator hooks; returning undefined leaves the record out. */
  // Method signatures on purpose: a module passes hooks typed with its own raw objects (`OrgUserRecord<OktaRawUser>`),
  // which the engine, holding records of every module as `unknown`, hands back unchanged.
  transformUser?(entity: UserEntity, record: OrgUserRecord<any>): UserEntity | undefined | Promise<UserEntity | undefined>; // eslint-disable-line @typescript-eslint/no-explicit-any
  transformGroup?(entity: GroupEntity, record: OrgGroupRecord<any>): GroupEntity | undefined | Promise<GroupEntity | undefined>; // eslint-disable-line @typescript-eslint/no-explicit-any
}
