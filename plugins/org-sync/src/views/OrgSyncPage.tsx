import { Route, Routes, useResolvedPath } from 'react-router-dom';
import { OrgSyncBase } from '../components/links';
import { ExplainView } from './ExplainView';
import { OwnershipView } from './OwnershipView';
import { ProviderDetailView } from './ProviderDetailView';
import { ProvidersView } from './ProvidersView';

/** The org sync page with its four views, mounted wherever the app puts it (`/org-sync` by default). */
export function OrgSyncPage() {
  const base = useResolvedPath('').pathname;
  return (
    <OrgSyncBase path={base}>
      <Routes>
        <Route path="/" element={<ProvidersView />} />
        <Route path="/providers/:name" element={<ProviderDetailView />} />
        <Route path="/explain" element={<ExplainView />} />
        <Route path="/ownership" element={<OwnershipView />} />
      </Routes>
    </OrgSyncBase>
  );
}
