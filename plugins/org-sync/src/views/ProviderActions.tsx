import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import { useState } from 'react';
import { orgSyncApiRef } from '../api/OrgSyncApi';
import type { DryRunResult } from '../api/types';
import { orgSyncDryRunPermission, orgSyncRunPermission } from '../permissions';
import { DryRunResultView } from './DryRunResultView';

type Action<T> = { state: 'idle' } | { state: 'busy' } | { state: 'done'; value: T } | { state: 'failed'; error: Error };

/** Run now and Dry run, each shown only to those the permission framework allows. */
export function ProviderActions(props: { provider: string; onTriggered: () => void }) {
  const api = useApi(orgSyncApiRef);
  const run = usePermission({ permission: orgSyncRunPermission });
  const dryRun = usePermission({ permission: orgSyncDryRunPermission });
  const [triggered, setTriggered] = useState<Action<string>>({ state: 'idle' });
  const [plan, setPlan] = useState<Action<DryRunResult>>({ state: 'idle' });
  if (!run.allowed && !dryRun.allowed) return null;
  const startRun = () => act(setTriggered, async () => {
    const answer = await api.runNow(props.provider);
    props.onTriggered();
    return answer.triggered === false ? 'The run was not started.' : 'Run started: it appears in the history when it ends.';
  });
  const startDryRun = () => act(setPlan, () => api.dryRun(props.provider));
  return (
    <InfoCard title="Actions">
      {run.allowed ? <Button variant="contained" color="primary" disabled={triggered.state === 'busy'} onClick={startRun}>Run now</Button> : null}{' '}
      {dryRun.allowed ? <Button variant="outlined" disabled={plan.state === 'busy'} onClick={startDryRun}>Dry run</Button> : null}
      <ActionResult action={triggered} label="run">{message => <p role="status">{message}</p>}</ActionResult>
      <ActionResult action={plan} label="dry run">{result => <DryRunResultView result={result} />}</ActionResult>
    </InfoCard>
  );
}

async function act<T>(set: (action: Action<T>) => void, work: () => Promise<T>) {
  set({ state: 'busy' });
  try {
    set({ state: 'done', value: await work() });
  } catch (error) {
    set({ state: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
  }
}

function ActionResult<T>(props: { action: Action<T>; label: string; children: (value: T) => JSX.Element }) {
  const { action } = props;
  if (action.state === 'busy') return <div role="status" aria-label={`Waiting for the ${props.label}`}><Progress /></div>;
  if (action.state === 'failed') return <ResponseErrorPanel error={action.error} title={`The ${props.label} failed`} />;
  if (action.state === 'done') return props.children(action.value);
  return null;
}
