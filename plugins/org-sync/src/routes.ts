import { createRouteRef } from '@backstage/core-plugin-api';

/** The org sync page (legacy frontend system). @public */
export const rootRouteRef = createRouteRef({ id: 'org-sync' });
