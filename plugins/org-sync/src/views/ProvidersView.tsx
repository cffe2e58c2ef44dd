import { Content, EmptyState, Link, Page, Table, type TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { orgSyncApiRef } from '../api/OrgSyncApi';
import type { ProviderStatus } from '../api/types';
import { AsyncContent } from '../components/AsyncContent';
import { ChangeSignals } from '../components/ChangeSignals';
import { changesText, formatDuration, formatWhen, guardText, outcomeText, runDuration } from '../components/format';
import { useOrgSyncPaths } from '../components/links';
import { OrgSyncHeader } from '../components/OrgSyncHeader';
import { useAsyncData } from '../components/useAsyncData';

/** `/org-sync`: every provider with its last run. */
export function ProvidersView() {
  const api = useApi(orgSyncApiRef);
  const providers = useAsyncData(() => api.getProviders(), [api]);
  return (
    <Page themeId="tool">
      <OrgSyncHeader selected="Providers" />
      <Content>
        <AsyncContent data={providers} label="providers">
          {items => (items.length ? <ProvidersTable providers={items} /> : <NoProviders />)}
        </AsyncContent>
      </Content>
    </Page>
  );
}

function NoProviders() {
  return (
    <EmptyState
      missing="content"
      title="No org providers"
      description="This backend runs no org provider: add an Okta, Microsoft Graph, GitHub or LDAP org module to the catalog."
    />
  );
}

/** Whether the provider is healthy, in words. */
export function providerStatus(provider: ProviderStatus): string {
  const run = provider.lastRun;
  if (!run) return 'Not run yet';
  if (run.outcome === 'read-failed') return 'Failing';
  if (run.outcome === 'guarded') return 'Plan held';
  return 'Healthy';
}

function ProvidersTable(props: { providers: ProviderStatus[] }) {
  const paths = useOrgSyncPaths();
  const columns: TableColumn<ProviderStatus>[] = [
    { title: 'Provider', field: 'name', render: p => <Link to={paths.provider(p.name)}>{p.name}</Link> },
    { title: 'IdP', field: 'idp' },
    { title: 'Status', render: p => providerStatus(p) },
    { title: 'Last run', render: p => <LastRun provider={p} /> },
    { title: 'Took', render: p => (p.lastRun ? formatDuration(runDuration(p.lastRun)) : '—') },
    { title: 'Changes', render: p => (p.lastRun ? changesText(p.lastRun.counts) : '—') },
    { title: 'Guard', render: p => (p.lastRun ? guardText(p.lastRun) : '—') },
    { title: 'Next run', render: p => formatWhen(p.nextRunEstimate) },
    { title: 'Change signals', render: p => <ChangeSignals provider={p} /> },
  ];
  return <Table<ProviderStatus> title="Providers" options={{ paging: false, search: false, padding: 'dense' }} columns={columns} data={props.providers} />;
}

function LastRun(props: { provider: ProviderStatus }) {
  const run = props.provider.lastRun;
  if (!run) return <>never</>;
  return (
    <>
      {formatWhen(run.startedAt)}: {outcomeText(run.outcome)}
      {run.error ? <div role="note">Cause: {run.error}</div> : null}
    </>
  );
}

