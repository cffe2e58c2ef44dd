import type { GraphContext } from '../context';
import { collectionResponse, countResponse, entityResponse } from '../collection';
import { graphRoute } from '../graphRoute';
import type { DirectoryRecord } from '../store';

export function registerGroupRoutes(ctx: GraphContext): void {
  const { store } = ctx;
  graphRoute(ctx, 'GET', '/groups', req => collectionResponse(ctx, req, 'groups', store.listGroups(), { cursor: true }));
  graphRoute(ctx, 'GET', '/groups/$count', req => countResponse(req, store.listGroups()));
  graphRoute(ctx, 'GET', '/groups/:id', req => entityResponse(ctx, req, 'groups', store.group(req.params.id)));

  const memberLists: Array<[string, (groupId: string) => DirectoryRecord[]]> = [
    ['members', id => store.directMembers(id)],
    ['transitiveMembers', id => store.transitiveMembers(id)],
  ];
  for (const [segment, list] of memberLists) {
    graphRoute(ctx, 'GET', `/groups/:id/${segment}`, req =>
      collectionResponse(ctx, req, 'directoryObjects', list(store.group(req.params.id).object.id), { withType: true }),
    );
    graphRoute(ctx, 'GET', `/groups/:id/${segment}/$count`, req => countResponse(req, list(store.group(req.params.id).object.id)));
    for (const kind of ['user', 'group'] as const) {
      graphRoute(ctx, 'GET', `/groups/:id/${segment}/microsoft.graph.${kind}`, req =>
        collectionResponse(
          ctx,
          req,
          `${kind}s`,
          list(store.group(req.params.id).object.id).filter(record => record.kind === kind),
          { withType: true },
        ),
      );
    }
  }
}
