import { createContext, useContext, type ReactNode } from 'react';

const BaseContext = createContext<string>('/org-sync');

/** Where the org sync page is mounted, for links between its views. */
export function OrgSyncBase(props: { path: string; children: ReactNode }) {
  return <BaseContext.Provider value={props.path.replace(/\/$/, '')}>{props.children}</BaseContext.Provider>;
}

/** The paths of the org sync views. */
export function useOrgSyncPaths() {
  const base = useContext(BaseContext);
  return {
    overview: base || '/',
    provider: (name: string) => `${base}/providers/${encodeURIComponent(name)}`,
    explain: (q?: string) => `${base}/explain${q ? `?q=${encodeURIComponent(q)}` : ''}`,
    ownership: `${base}/ownership`,
  };
}
