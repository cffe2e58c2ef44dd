/** The official module's annotations, unchanged. @public */
export const MICROSOFT_EMAIL_ANNOTATION = 'microsoft.com/email';
/** @public */
export const MICROSOFT_GRAPH_TENANT_ID_ANNOTATION = 'graph.microsoft.com/tenant-id';
/** @public */
export const MICROSOFT_GRAPH_GROUP_ID_ANNOTATION = 'graph.microsoft.com/group-id';
/** @public */
export const MICROSOFT_GRAPH_USER_ID_ANNOTATION = 'graph.microsoft.com/user-id';
