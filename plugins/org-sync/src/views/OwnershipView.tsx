import { Content, EmptyState, Page, Table, type TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useSearchParams } from 'react-router-dom';
import { orgSyncApiRef } from '../api/OrgSyncApi';
import type { Leaver } from '../api/types';
import { AsyncContent } from '../components/AsyncContent';
import { formatWhen } from '../components/format';
import { OrgSyncHeader } from '../components/OrgSyncHeader';
import { useAsyncData } from '../components/useAsyncData';

/** One thing a leaver still owns. */
type OwnedRow = { leaver: Leaver; entityRef: string; field: string; id: string };

/** `/org-sync/ownership`: people and groups who left and what they still own; `?owner=<ref>` filters by owner. */
export function OwnershipView() {
  const api = useApi(orgSyncApiRef);
  const leavers = useAsyncData(() => api.getLeavers(), [api]);
  return (
    <Page themeId="tool">
      <OrgSyncHeader selected="Ownership" />
      <Content>
        <AsyncContent data={leavers} label="leavers' ownership">
          {items => (items.length ? <OwnershipTable leavers={items} /> : <EmptyState missing="data" title="Nobody who left owns anything" description="Every owner in the catalog is still emitted by an org provider." />)}
        </AsyncContent>
      </Content>
    </Page>
  );
}

function OwnershipTable(props: { leavers: Leaver[] }) {
  const [params, setParams] = useSearchParams();
  const owner = params.get('owner') ?? '';
  const shown = props.leavers.filter(l => !owner || l.ref === owner);
  const rows: OwnedRow[] = shown.flatMap(leaver => leaver.owned.map(o => ({ leaver, entityRef: o.entityRef, field: o.field, id: `${leaver.ref}|${o.entityRef}|${o.field}` })));
  const columns: TableColumn<OwnedRow>[] = [
    { title: 'Entity', render: row => <EntityRefLink entityRef={row.entityRef} /> },
    { title: 'Held as', field: 'field' },
    { title: 'Who left', render: row => <EntityRefLink entityRef={row.leaver.ref} /> },
    { title: 'State', render: row => row.leaver.state },
    { title: 'Since', render: row => formatWhen(row.leaver.since) },
    { title: 'Why', render: row => row.leaver.reason ?? '—' },
  ];
  return (
    <>
      <TextField
        select
        label="Owning group or person"
        value={owner}
        onChange={event => setParams(event.target.value ? { owner: event.target.value } : {})}
        style={{ minWidth: 280 }}
      >
        <MenuItem value="">Everyone who left</MenuItem>
        {props.leavers.map(l => (
          <MenuItem key={l.ref} value={l.ref}>
            {l.ref}
          </MenuItem>
        ))}
      </TextField>
      <Table<OwnedRow> title="What leavers still own" options={{ paging: rows.length > 50, pageSize: 50, search: true, padding: 'dense' }} columns={columns} data={rows} />
    </>
  );
}
