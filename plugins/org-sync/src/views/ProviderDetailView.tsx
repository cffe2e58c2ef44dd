import { Content, Page } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import { useParams } from 'react-router-dom';
import { orgSyncApiRef } from '../api/OrgSyncApi';
import { AsyncContent } from '../components/AsyncContent';
import { OrgSyncHeader } from '../components/OrgSyncHeader';
import { useAsyncData } from '../components/useAsyncData';
import { HeldPlan } from './HeldPlan';
import { ProviderActions } from './ProviderActions';
import { ProviderStatusCard } from './ProviderStatusCard';
import { RunHistory } from './RunHistory';

/** `/org-sync/providers/:name`: a provider's actions, status and change signals, held plan and run history. */
export function ProviderDetailView() {
  const name = useParams().name ?? '';
  const api = useApi(orgSyncApiRef);
  const runs = useAsyncData(() => api.getRuns(name, { limit: 50 }), [api, name]);
  const status = useAsyncData(() => api.getProvider(name), [api, name]);
  const reload = () => {
    runs.reload();
    status.reload();
  };
  return (
    <Page themeId="tool">
      <OrgSyncHeader selected={undefined} subtitle={`Provider ${name}`} />
      <Content>
        <Grid container spacing={3} direction="column">
          <Grid item>
            <ProviderActions provider={name} onTriggered={reload} />
          </Grid>
          <Grid item>
            <AsyncContent data={status} label="the provider's status">
              {provider => <ProviderStatusCard provider={provider} />}
            </AsyncContent>
          </Grid>
          <AsyncContent data={runs} label="the run history">
            {items => (
              <>
                {items[0] ? (
                  <Grid item>
                    <HeldPlan provider={name} run={items[0]} onAccepted={reload} />
                  </Grid>
                ) : null}
                <Grid item>
                  <RunHistory runs={items} />
                </Grid>
              </>
            )}
          </AsyncContent>
        </Grid>
      </Content>
    </Page>
  );
}
