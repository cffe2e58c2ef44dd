import { toValidEntityName } from '../naming/entityName';
import type { KindedRecord } from '../records';
import { kindedRecordOf } from '../state/storedRecord';
import type { OperableProvider } from './OperableProvider';
import type { RunHistory, StoredRun } from './RunHistory';
import type { StoredLink } from '../state/LinkStore';
import { withoutRecordEmails } from './redactRun';
import type { RemovedRecord, StateQueries, StoredRecord } from './stateQueries';

/** Why a record is, or is not, the entity one would expect. @alpha */
export type ExplainReason =
  | 'not-read'
  | 'removed'
  | 'entity'
  | 'renamed'
  | 'collision'
  | 'inactive'
  | 'not-mapped'
  | 'refused'
  | 'departed'
  | 'guard-held'
  | 'read-failed'
  | 'linked'
  | 'not-linked';

/** One provider's view of the person (or group) asked about. @alpha */
export interface ProviderView {
  provider: string;
  idp: string;
  found: boolean;
  /** The IdP's record: only for callers with `catalog.org-sync.read-records`. */
  record?: { kind: 'user' | 'group'; id: string; login?: string; email?: string; displayName?: string; active?: boolean };
  /** The entity emitted from the record, if any (a departed entity included). */
  entityRef?: string;
  /** Whether the catalog holds an entity of this record: emitted, and not refused for another provider's (a departed entity included). */
  inCatalog?: boolean;
  /** Groups (entity refs) whose IdP record lists this user: only for callers with `catalog.org-sync.read-records`. */
  groups?: string[];
  /** Without `catalog.org-sync.read-records`, the messages name no record's values (ids, emails, status, matched values). */
  reasons: Array<{ reason: ExplainReason; message: string; runId?: string }>;
}

/** What explain may show: `records` with `catalog.org-sync.read-records`, else `entities` (entity-level facts only). */
export type ExplainDetail = 'records' | 'entities';

/**
 * Every provider's view of `q` (an email, login, IdP id or entity ref), from the record store and the run history.
 * With `entities` detail a view names the entity and why there is none in words, never the record's values.
 */
export async function explain(q: string, providers: OperableProvider[], queries: StateQueries, history: RunHistory, detail: ExplainDetail): Promise<ProviderView[]> {
  const names = providers.map(p => p.getProviderName());
  const records = await queries.findRecords(names, q);
  // A person's entity ref also finds the accounts of linked providers that joined them (they have no entity of their own).
  if (/^user:/i.test(q)) records.push(...(await queries.linkedAccountsOf(names, q)).filter(r => !records.some(o => o.provider === r.provider && o.id === r.id)));
  const removed = records.length ? [] : await queries.findRemoved(names, q);
  const views: ProviderView[] = [];
  for (const provider of providers) {
    const name = provider.getProviderName();
    const last = await history.latest(name);
    const found = records.filter(r => r.provider === name);
    const gone = removed.filter(r => r.provider === name);
    if (found.length === 0 && gone.length) {
      for (const entity of gone) views.push(await removedView(provider, entity, history, last, detail));
      continue;
    }
    if (found.length === 0) {
      const view: ProviderView = {
        provider: name,
        idp: provider.idp,
        found: false,
        reasons: [
          {
            reason: 'not-read',
            message:
              'not among the records this provider last applied from the IdP: not in the IdP, or outside what the provider reads ' +
              '(its status, filter or scope settings, e.g. users.filter)',
          },
        ],
      };
      addRunState(view, last);
      views.push(view);
      continue;
    }
    for (const row of found) views.push(await viewOf(provider, row, last, { queries, history }, detail));
  }
  return views;
}

/** An entity a run removed with its record: which run, when, and why in the run's words (emails hidden without records). */
async function removedView(provider: OperableProvider, entity: RemovedRecord, history: RunHistory, last: StoredRun | undefined, detail: ExplainDetail): Promise<ProviderView> {
  const view: ProviderView = {
    provider: entity.provider,
    idp: provider.idp,
    found: false,
    entityRef: entity.entityRef,
    inCatalog: false,
    reasons: [await removedReason(entity, history, detail)],
  };
  addRunState(view, last);
  return view;
}

/** Which run removed the entity (the first to finish after the record store dropped it), when, and why. */
async function removedReason(entity: RemovedRecord, history: RunHistory, detail: ExplainDetail): Promise<ProviderView['reasons'][number]> {
  const run = await history.firstFinishedSince(entity.provider, entity.removedAt);
  if (!run) return { reason: 'removed', message: `removed from the catalog at ${new Date(entity.removedAt).toISOString()}` };
  const shown = detail === 'records' ? run : withoutRecordEmails(run);
  const ref = entity.entityRef.toLowerCase();
  const why = shown.removals?.items.find(item => item.ref === ref)?.why ?? 'the run recorded no reason for it (it keeps the first 100 it removed)';
  return { reason: 'removed', message: `removed from the catalog by run ${run.runId} at ${run.finishedAt}: ${why}`, runId: run.runId };
}

/** Adds a reason: `message` may name the record's values; `brief` (the default: the message) says it in words only. */
type Say = (reason: ExplainReason, message: string, brief?: string) => void;

async function viewOf(
  provider: OperableProvider,
  row: StoredRecord,
  last: StoredRun | undefined,
  { queries, history }: { queries: StateQueries; history: RunHistory },
  detail: ExplainDetail,
): Promise<ProviderView> {
  const { record } = row;
  const withRecords = detail === 'records';
  const view: ProviderView = {
    provider: row.provider,
    idp: provider.idp,
    found: true,
    record: withRecords && record ? {
      kind: row.kind,
      id: row.id,
      login: row.kind === 'user' ? row.record?.login : undefined,
      email: record.email,
      displayName: record.displayName,
      active: row.kind === 'user' ? row.record?.active : undefined,
    } : undefined,
    entityRef: row.entityRef,
    inCatalog: !!row.entityRef && !!row.entityHash,
    reasons: [],
  };
  const say: Say = (reason, message, brief = message) => view.reasons.push({ reason, message: withRecords ? message : brief });
  if (row.kind === 'user' && withRecords) {
    view.groups = (await queries.groupsOf(row.provider, row.id)).flatMap(group => (group.entityRef && group.departedAt === undefined ? [group.entityRef] : []));
  }
  const link = row.kind === 'user' ? await queries.linkOf(row.provider, row.id) : undefined;
  if (link) sayLink(link, say);
  const keptOutByLink = !row.entityRef && (link?.state === 'linked' || link?.state === 'departed');
  // When a link kept the account out, the link's reason says why it has no entity of its own.
  if (!keptOutByLink) sayEntityState(row, say);
  const removed = !row.entityRef && row.departedAt === undefined ? await queries.removedOf(row.provider, row.kind, row.id) : undefined;
  if (removed) view.reasons.push(await removedReason(removed, history, detail));
  const kinded = kindedRecordOf(row);
  if (row.entityRef && kinded && row.departedAt === undefined) sayNaming(provider, row.entityRef, kinded, say);
  sayGuardHeld(row, last, say);
  addRunState(view, last);
  return view;
}

/** Whether an account of a linked provider joined a person's User, and why not. */
function sayLink(link: StoredLink, say: Say): void {
  const how = `${link.method ? `${link.method}: ` : ''}${link.detail ?? ''}`;
  const own = "that User carries this account's identities; it has no User of its own";
  if (link.state === 'linked') {
    say('linked', `linked to ${link.personRef} (${how}): ${own}`, `linked to ${link.personRef}: ${own}`);
  } else if (link.state === 'departed') {
    const what = 'belongs to someone who is not in the people source';
    say('not-linked', `${what} (${how}): kept out of the catalog; remove the account from ${link.where ?? 'the IdP'}`, `${what}: kept out of the catalog`);
  } else {
    const what = link.state === 'conflict' ? 'its link was refused, never guessed' : 'matches nobody in the people source';
    const then = 'linkTo.unmatched decides whether it has a User of its own';
    say('not-linked', `${what} (${how}); ${then}`, `${what}; ${then}`);
  }
}

/** Emitted, departed, refused by the catalog, or why there is no entity. */
function sayEntityState(row: StoredRecord, say: Say): void {
  if (row.departedAt !== undefined) {
    const kept = `left the IdP and is kept as a departed entity (leavers.mode: retain) since ${new Date(row.departedAt).toISOString()}`;
    say('departed', `${kept}: ${row.departure ?? 'no longer in the IdP'}`, kept);
  } else if (!row.entityRef) {
    if (row.kind === 'user' && row.record?.active === false) {
      say('inactive', `inactive in the IdP (${row.record.inactiveReason ?? 'status not active'}): inactive people get no entity`, 'inactive in the IdP: inactive people get no entity');
    } else {
      say('not-mapped', "read from the IdP but no entity was emitted: an invalid record (named in the run's warning) or dropped by a transformer");
    }
  } else if (!row.entityHash) {
    say('refused', `the catalog refused ${row.entityRef}: another provider or location already emits this ref`);
  } else {
    say('entity', `emitted as ${row.entityRef}`);
  }
}

/** Why the entity's name is not the one the naming strategy gives: a collision, made valid, or renamed. */
function sayNaming(provider: OperableProvider, entityRef: string, stored: KindedRecord, say: Say): void {
  const wanted = provider.wantedName(stored);
  const valid = toValidEntityName(wanted);
  const name = entityRef.slice(entityRef.lastIndexOf('/') + 1);
  if (name !== valid && name.toLowerCase().startsWith(valid.toLowerCase())) {
    const given = `(names compare case-insensitively); this one was given "${name}"`;
    say('collision', `another record asks for the name "${valid}" too ${given}`, `another record asks for the same name ${given}`);
  } else if (name !== wanted && name === valid) {
    say('renamed', `the naming strategy gives "${wanted}", which is not a valid entity name; made valid as "${name}"`, `the naming strategy's name is not a valid entity name; made valid as "${name}"`);
  } else if (name !== valid) {
    const why = `the entity is named "${name}" (a transformer, or the name kept from an earlier run)`;
    say('renamed', `the naming strategy gives "${wanted}"; ${why}`, `the naming strategy gives another name; ${why}`);
  }
}

/** The last run would have removed this entity, but the deletion guard held its plan. */
function sayGuardHeld(row: StoredRecord, last: StoredRun | undefined, say: Say): void {
  const ref = row.entityRef?.toLowerCase();
  if (ref && last?.outcome === 'guarded' && [...(last.guard?.removedUsers ?? []), ...(last.guard?.removedGroups ?? [])].includes(ref)) {
    say(
      'guard-held',
      `the last run (${last.runId}, ${last.finishedAt}) would remove ${row.entityRef}, but the deletion guard held it (plan ${last.guard!.planId}: ${last.guard!.reason}); ` +
        'the catalog keeps the entity until the plan is accepted',
    );
  }
}

function addRunState(view: ProviderView, last: StoredRun | undefined): void {
  if (last?.outcome === 'read-failed') {
    view.reasons.push({ reason: 'read-failed', message: `the last run (${last.finishedAt}) could not read the IdP, so this view is from the run before: ${last.error ?? 'unknown error'}` });
  }
}
