import type { AccountNote, OrgSyncRun } from '../api/types';
import { changesText, formatDuration, formatWhen, guardText, outcomeText, runDuration } from '../components/format';
import { RefList } from '../components/RefList';

const notes = (list: AccountNote[] | undefined) => list?.map(n => [n.account, n.where, n.detail].filter(Boolean).join(' — '));

/** Everything a run reported: what it removed and why, links, restored and refused entities. */
export function RunDetails(props: { run: OrgSyncRun }) {
  const { run } = props;
  const guard = run.guard;
  return (
    <div>
      <dl>
        <dt>Started</dt>
        <dd>{formatWhen(run.startedAt)}</dd>
        <dt>Took</dt>
        <dd>{formatDuration(runDuration(run))}</dd>
        <dt>Outcome</dt>
        <dd>{outcomeText(run.outcome)}</dd>
        <dt>Trigger</dt>
        <dd>{run.trigger === 'changes' ? 'change signal' : 'schedule or Run now'}</dd>
        <dt>Changes</dt>
        <dd>{changesText(run.counts)}, refused {run.counts?.refused ?? 0}</dd>
        <dt>Guard</dt>
        <dd>{guardText(run)}</dd>
        {run.error ? (
          <>
            <dt>Cause</dt>
            <dd>{run.error}</dd>
          </>
        ) : null}
      </dl>
      <Removals run={run} />
      {guard?.reason ? <p>The deletion guard: {guard.reason}</p> : null}
      <RefList title="Unmatched accounts" items={notes(run.links?.unmatched)} />
      <RefList title="Conflicting accounts (refused)" items={notes(run.links?.conflicts)} />
      <RefList title="Accounts of people who left" items={notes(run.links?.departed)} />
      <RefList title="Removed people who still hold linked accounts" items={run.stillLinked?.map(s => `${s.person}: ${s.account} (${s.where})`)} />
      <RefList title="Acceptances" items={run.acceptances?.map(a => `plan ${a.planId} by ${a.by} (${a.via}): ${a.outcome}`)} />
      <EntityList
        title="Restored entities (lost or altered in the catalog, re-applied)"
        label="Restored"
        items={run.restored?.items}
        total={run.restored?.total}
        count={run.counts?.restored}
      />
      <EntityList
        title="Refused entities (another provider or location emits the ref)"
        label="Refused"
        items={run.refused?.items.map(e => (e.heldBy ? `${e.ref} — held by ${e.heldBy}` : e.ref))}
        total={run.refused?.total}
        count={run.counts?.refused}
      />
    </div>
  );
}

/** Who the run removed (or, held, would remove) and why; only the refs for runs recorded before the reasons were kept. */
function Removals(props: { run: OrgSyncRun }) {
  const { removals, guard } = props.run;
  const held = guard?.allowed === false;
  if (removals?.items.length) {
    const items = removals.items.map(r => `${r.ref} — ${r.why}`);
    return <RefList title={held ? 'What the plan would remove, and why' : 'Removed, and why'} items={items} total={removals.total} />;
  }
  return (
    <>
      <RefList title={held ? 'People the plan would remove' : 'People removed'} items={guard?.removedUsers} total={guard?.removedUserCount} />
      <RefList title={held ? 'Groups the plan would remove' : 'Groups removed'} items={guard?.removedGroups} total={guard?.removedGroupCount} />
    </>
  );
}

/** A run's restored or refused entities; only their count for runs recorded before the lists were kept. */
function EntityList(props: { title: string; label: string; items: string[] | undefined; total: number | undefined; count: number | undefined }) {
  if (props.items?.length) return <RefList title={props.title} items={props.items} total={props.total} />;
  return <CountNote label={props.label} count={props.count} />;
}

function CountNote(props: { label: string; count: number | undefined }) {
  if (!props.count) return null;
  return (
    <p>
      {props.label}: {props.count} {props.count === 1 ? 'entity' : 'entities'}
    </p>
  );
}
