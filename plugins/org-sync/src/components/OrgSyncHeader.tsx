import { Header, HeaderTabs } from '@backstage/core-components';
import { useNavigate } from 'react-router-dom';
import { useOrgSyncPaths } from './links';

const TABS = ['Providers', 'Explain', 'Ownership'] as const;

/** The org sync pages' header, with tabs between the three top views. */
export function OrgSyncHeader(props: { selected: (typeof TABS)[number] | undefined; subtitle?: string }) {
  const paths = useOrgSyncPaths();
  const navigate = useNavigate();
  const targets = [paths.overview, paths.explain(), paths.ownership];
  return (
    <>
      <Header title="Org sync" subtitle={props.subtitle ?? 'People and teams from your identity providers'} />
      <HeaderTabs
        tabs={TABS.map(label => ({ id: label, label }))}
        selectedIndex={props.selected === undefined ? undefined : TABS.indexOf(props.selected)}
        onChange={index => navigate(targets[index])}
      />
    </>
  );
}
