import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import type { ReactNode } from 'react';

/** Loading, then the error panel or the content. */
export function AsyncContent<T>(props: { data: { loading: boolean; value?: T; error?: Error }; label: string; children: (value: T) => ReactNode }) {
  const { data, label, children } = props;
  if (data.error) return <ResponseErrorPanel error={data.error} title={`Could not load ${label}`} />;
  if (data.loading || data.value === undefined) {
    return (
      <div role="status" aria-label={`Loading ${label}`}>
        <Progress />
      </div>
    );
  }
  return <>{children(data.value)}</>;
}
