import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import { useState } from 'react';
import { orgSyncApiRef } from '../api/OrgSyncApi';
import type { OrgSyncRun } from '../api/types';
import { RefList } from '../components/RefList';
import { orgSyncAcceptPlanPermission } from '../permissions';

/** The removal plan the latest run held, with Accept for those allowed to accept it. */
export function HeldPlan(props: { provider: string; run: OrgSyncRun; onAccepted: () => void }) {
  const { run } = props;
  const guard = run.guard;
  if (run.outcome !== 'guarded' || !guard?.planId) return null;
  return (
    <InfoCard title="Held plan">
      <p>
        The deletion guard held plan <code>{guard.planId}</code>
        {guard.reason ? `: ${guard.reason}` : ''}. Accepting it lets the next run apply exactly this plan.
      </p>
      <RefList title="People it removes" items={guard.removedUsers} total={guard.removedUserCount} />
      <RefList title="Groups it removes" items={guard.removedGroups} total={guard.removedGroupCount} />
      <RefList title="Groups it empties" items={guard.emptiedGroups} />
      <AcceptButton provider={props.provider} planId={guard.planId} onAccepted={props.onAccepted} />
    </InfoCard>
  );
}

function AcceptButton(props: { provider: string; planId: string; onAccepted: () => void }) {
  const api = useApi(orgSyncApiRef);
  const { allowed } = usePermission({ permission: orgSyncAcceptPlanPermission });
  const [state, setState] = useState<{ busy: boolean; message?: string }>({ busy: false });
  if (!allowed) return null;
  const accept = async () => {
    setState({ busy: true });
    try {
      const answer = await api.acceptPlan(props.provider, props.planId);
      setState({ busy: false, message: `Accepted plan ${answer.planHash ?? props.planId}: the next run applies it.` });
      props.onAccepted();
    } catch (error) {
      setState({ busy: false, message: `Could not accept: ${error instanceof Error ? error.message : String(error)}` });
    }
  };
  return (
    <>
      <Button variant="contained" color="secondary" disabled={state.busy} onClick={accept}>
        Accept plan
      </Button>
      {state.message ? <p role="status">{state.message}</p> : null}
    </>
  );
}
