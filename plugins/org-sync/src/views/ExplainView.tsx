import { Content, EmptyState, InfoCard, Link, Page } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { orgSyncApiRef } from '../api/OrgSyncApi';
import type { ExplainResult, ProviderView } from '../api/types';
import { AsyncContent } from '../components/AsyncContent';
import { useOrgSyncPaths } from '../components/links';
import { OrgSyncHeader } from '../components/OrgSyncHeader';
import { useAsyncData } from '../components/useAsyncData';

/** `/org-sync/explain?q=…`: why a person or group is or is not in the catalog. */
export function ExplainView() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  return (
    <Page themeId="tool">
      <OrgSyncHeader selected="Explain" />
      <Content>
        <SearchBox initial={q} onSearch={value => setParams(value ? { q: value } : {})} />
        {q ? <ExplainAnswer q={q} /> : null}
      </Content>
    </Page>
  );
}

function SearchBox(props: { initial: string; onSearch: (q: string) => void }) {
  const [value, setValue] = useState(props.initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSearch(value.trim());
  };
  return (
    <form role="search" aria-label="Explain a person or group" onSubmit={submit}>
      <TextField
        id="org-sync-explain-q"
        label="Email, login, IdP id or entity ref"
        value={value}
        onChange={event => setValue(event.target.value)}
        inputProps={{ maxLength: 512 }}
      />{' '}
      <Button type="submit" variant="contained" color="primary">
        Explain
      </Button>
    </form>
  );
}

function ExplainAnswer(props: { q: string }) {
  const api = useApi(orgSyncApiRef);
  const answer = useAsyncData(() => api.explain(props.q), [api, props.q]);
  return (
    <AsyncContent data={answer} label="the explanation">
      {result => <ExplainViews result={result} />}
    </AsyncContent>
  );
}

function ExplainViews(props: { result: ExplainResult }) {
  const { result } = props;
  if (!result.providers.length) return <EmptyState missing="data" title={`No provider knows "${result.q}"`} description="No record of any provider matches it. Check the spelling, or try an email, login, IdP id or entity ref." />;
  return (
    <>
      {result.detail === 'entities' ? <p>You see entity-level facts only: reading the IdP's records needs catalog.org-sync.read-records.</p> : null}
      {result.providers.map((view, index) => (
        <ProviderViewCard key={`${view.provider}-${index}`} view={view} />
      ))}
    </>
  );
}

function ProviderViewCard(props: { view: ProviderView }) {
  const { view } = props;
  const record = view.record;
  const paths = useOrgSyncPaths();
  return (
    <InfoCard title={`${view.provider} (${view.idp})`}>
      <p>{!view.found ? 'No record in this provider.' : view.inCatalog ? `In the catalog as ${view.entityRef ?? 'an entity'}.` : 'Not in the catalog.'}</p>
      {record ? (
        <p>
          Record: {[record.displayName, record.login, record.email, record.id].filter(Boolean).join(' · ')}
          {record.active === false ? ' (inactive)' : ''}
        </p>
      ) : null}
      {view.groups?.length ? <p>Groups: {view.groups.join(', ')}</p> : null}
      <ul aria-label={`Why, according to ${view.provider}`}>
        {(view.reasons ?? []).map((reason, index) => (
          <li key={index}>
            <strong>{reason.reason}</strong>: {reason.message}
            {reason.runId ? (
              <>
                {' '}
                (<Link to={`${paths.provider(view.provider)}?run=${encodeURIComponent(reason.runId)}`}>see the run</Link>)
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </InfoCard>
  );
}
