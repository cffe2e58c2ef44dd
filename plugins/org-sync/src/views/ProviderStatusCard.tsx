import { InfoCard } from '@backstage/core-components';
import type { ProviderStatus } from '../api/types';
import { ChangeSignals } from '../components/ChangeSignals';
import { formatWhen, outcomeText } from '../components/format';
import { providerStatus } from './ProvidersView';

/** A provider's health at a glance: status, its last run (a failed run's cause in words), next run, and its change signals. */
export function ProviderStatusCard(props: { provider: ProviderStatus }) {
  const { provider } = props;
  const run = provider.lastRun;
  return (
    <InfoCard title="Status">
      <dl>
        <dt>Status</dt>
        <dd>{providerStatus(provider)}</dd>
        <dt>Last run</dt>
        <dd>{run ? `${formatWhen(run.startedAt)}: ${outcomeText(run.outcome)}` : 'never'}</dd>
        {run?.error ? (
          <>
            <dt>Cause</dt>
            <dd role="note">{run.error}</dd>
          </>
        ) : null}
        <dt>Last successful apply</dt>
        <dd>{formatWhen(provider.lastSuccessfulApply?.at)}</dd>
        <dt>Next run</dt>
        <dd>{formatWhen(provider.nextRunEstimate)}</dd>
        <dt>Change signals</dt>
        <dd>
          <ChangeSignals provider={provider} />
        </dd>
      </dl>
    </InfoCard>
  );
}
