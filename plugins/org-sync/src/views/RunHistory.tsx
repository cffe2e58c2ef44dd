import { EmptyState, InfoCard } from '@backstage/core-components';
import { useSearchParams } from 'react-router-dom';
import type { OrgSyncRun } from '../api/types';
import { changesText, formatWhen, outcomeText } from '../components/format';
import { RunDetails } from './RunDetails';

/** A provider's runs, newest first, each opening to its details; `?run=<id>` opens one from a shared link. */
export function RunHistory(props: { runs: OrgSyncRun[] }) {
  const [params] = useSearchParams();
  const opened = params.get('run');
  if (!props.runs.length) return <EmptyState missing="data" title="No runs yet" description="This provider has not run since the backend started keeping its history." />;
  return (
    <InfoCard title="Run history">
      {props.runs.map(run => (
        <details key={run.runId} open={run.runId === opened} id={`run-${run.runId}`}>
          <summary>
            {formatWhen(run.startedAt)} — {outcomeText(run.outcome)} — {changesText(run.counts)}
          </summary>
          <RunDetails run={run} />
        </details>
      ))}
    </InfoCard>
  );
}
