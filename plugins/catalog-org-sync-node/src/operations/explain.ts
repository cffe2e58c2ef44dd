import { toValidEntityName } from '../naming/entityName';
import type { OrgGroupRecord, OrgUserRecord } from '../records';
import type { OperableProvider } from './OperableProvider';
import type { RunHistory, StoredRun } from './RunHistory';
import type { StateQueries, StoredRecord } from './stateQueries';

/** Why a record is, or is not, the entity one would expect. */
export type ExplainReason =
  | 'not-read'
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

/** One provider's view of the person (or group) asked about. */
export interface ProviderView {
  provider: string;
  idp: string;
  found: boolean;
  record?: { kind: 'user' | 'group'; id: string; login?: string; email?: string; displayName?: string; active?: boolean };
  /** The entity emitted from the record, if any (a departed entity included). */
  entityRef?: string;
  /** Groups (entity refs) whose IdP record lists this user. */
  groups?: string[];
  reasons: Array<{ reason: ExplainReason; message: string }>;
}

/** Every provider's view of `q` (an email, login, IdP id or entity ref), from the record store and the run history. */
export async function explain(q: string, providers: OperableProvider[], queries: StateQueries, history: RunHistory): Promise<ProviderView[]> {
  const names = providers.map(p => p.getProviderName());
  const records = await queries.findRecords(names, q);
  // A person's entity ref also finds the accounts of linked providers that joined them (they have no entity of their own).
  if (/^user:/i.test(q)) records.push(...(await queries.linkedAccountsOf(names, q)).filter(r => !records.some(o => o.provider === r.provider && o.id === r.id)));
  const views: ProviderView[] = [];
  for (const provider of providers) {
    const name = provider.getProviderName();
    const last = await history.latest(name);
    const found = records.filter(r => r.provider === name);
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
    for (const row of found) views.push(await viewOf(provider, row, last, queries));
  }
  return views;
}

async function viewOf(provider: OperableProvider, row: StoredRecord, last: StoredRun | undefined, queries: StateQueries): Promise<ProviderView> {
  const record = row.record as (Partial<OrgUserRecord> & Partial<OrgGroupRecord>) | undefined;
  const view: ProviderView = {
    provider: row.provider,
    idp: provider.idp,
    found: true,
    record: record && {
      kind: row.kind,
      id: row.id,
      login: record.login,
      email: record.email,
      displayName: record.displayName,
      active: row.kind === 'user' ? record.active : undefined,
    },
    entityRef: row.entityRef,
    reasons: [],
  };
  const reasons = view.reasons;
  if (row.kind === 'user') {
    view.groups = (await queries.groupsOf(row.provider, row.id)).flatMap(group => (group.entityRef && group.departedAt === undefined ? [group.entityRef] : []));
  }
  const link = row.kind === 'user' ? await queries.linkOf(row.provider, row.id) : undefined;
  if (link) {
    const how = `${link.method ? `${link.method}: ` : ''}${link.detail ?? ''}`;
    if (link.state === 'linked') {
      reasons.push({ reason: 'linked', message: `linked to ${link.personRef} (${how}): that User carries this account's identities; it has no User of its own` });
    } else if (link.state === 'departed') {
      reasons.push({ reason: 'not-linked', message: `belongs to someone who is not in the people source (${how}): kept out of the catalog; remove the account from ${link.where ?? 'the IdP'}` });
    } else {
      reasons.push({ reason: 'not-linked', message: `${link.state === 'conflict' ? 'its link was refused, never guessed' : 'matches nobody in the people source'} (${how}); linkTo.unmatched decides whether it has a User of its own` });
    }
  }
  const keptOutByLink = !row.entityRef && (link?.state === 'linked' || link?.state === 'departed');
  if (keptOutByLink) {
    // The link's reason above says why the account has no entity of its own.
  } else if (row.departedAt !== undefined) {
    reasons.push({
      reason: 'departed',
      message: `left the IdP and is kept as a departed entity (leavers.mode: retain) since ${new Date(row.departedAt).toISOString()}: ${row.departure ?? 'no longer in the IdP'}`,
    });
  } else if (!row.entityRef) {
    if (row.kind === 'user' && record?.active === false) {
      reasons.push({ reason: 'inactive', message: `inactive in the IdP (${record.inactiveReason ?? 'status not active'}): inactive people get no entity` });
    } else {
      reasons.push({ reason: 'not-mapped', message: "read from the IdP but no entity was emitted: an invalid record (named in the run's warning) or dropped by a transformer" });
    }
  } else if (!row.entityHash) {
    reasons.push({ reason: 'refused', message: `the catalog refused ${row.entityRef}: another provider or location already emits this ref` });
  } else {
    reasons.push({ reason: 'entity', message: `emitted as ${row.entityRef}` });
  }
  if (row.entityRef && record && row.departedAt === undefined) {
    const wanted = provider.wantedName(row.kind, record as OrgUserRecord & OrgGroupRecord);
    const valid = toValidEntityName(wanted);
    const name = row.entityRef.slice(row.entityRef.lastIndexOf('/') + 1);
    if (name !== valid && name.toLowerCase().startsWith(valid.toLowerCase())) {
      reasons.push({ reason: 'collision', message: `another record asks for the name "${valid}" too (names compare case-insensitively); this one was given "${name}"` });
    } else if (name !== wanted && name === valid) {
      reasons.push({ reason: 'renamed', message: `the naming strategy gives "${wanted}", which is not a valid entity name; made valid as "${name}"` });
    } else if (name !== valid) {
      reasons.push({ reason: 'renamed', message: `the naming strategy gives "${wanted}"; the entity is named "${name}" (a transformer, or the name kept from an earlier run)` });
    }
  }
  const ref = row.entityRef?.toLowerCase();
  if (ref && last?.outcome === 'guarded' && [...(last.guard?.removedUsers ?? []), ...(last.guard?.removedGroups ?? [])].includes(ref)) {
    reasons.push({
      reason: 'guard-held',
      message:
        `the last run (${last.runId}, ${last.finishedAt}) would remove ${row.entityRef}, but the deletion guard held it (plan ${last.guard!.planId}: ${last.guard!.reason}); ` +
        'the catalog keeps the entity until the plan is accepted',
    });
  }
  addRunState(view, last);
  return view;
}

function addRunState(view: ProviderView, last: StoredRun | undefined): void {
  if (last?.outcome === 'read-failed') {
    view.reasons.push({ reason: 'read-failed', message: `the last run (${last.finishedAt}) could not read the IdP, so this view is from the run before: ${last.error ?? 'unknown error'}` });
  }
}
