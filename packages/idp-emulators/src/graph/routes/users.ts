import type { GraphContext } from '../context';
import { collectionResponse, countResponse, entityResponse } from '../collection';
import { GraphError } from '../errors';
import { graphRoute, ok } from '../graphRoute';
import { contextUrl } from '../odata';

export function registerUserRoutes(ctx: GraphContext): void {
  const { store } = ctx;
  graphRoute(ctx, 'GET', '/users', req => collectionResponse(ctx, req, 'users', store.listUsers(), { cursor: true }));
  graphRoute(ctx, 'GET', '/users/$count', req => countResponse(req, store.listUsers()));
  graphRoute(ctx, 'GET', '/users/:id', req => entityResponse(ctx, req, 'users', store.user(req.params.id)));
  graphRoute(ctx, 'GET', '/users/:id/memberOf', req =>
    collectionResponse(ctx, req, 'directoryObjects', store.memberOf(store.user(req.params.id).object.id), { withType: true }),
  );
  graphRoute(ctx, 'GET', '/users/:id/transitiveMemberOf', req =>
    collectionResponse(ctx, req, 'directoryObjects', store.transitiveMemberOf(store.user(req.params.id).object.id), { withType: true }),
  );
  graphRoute(ctx, 'GET', '/users/:id/photo', req => {
    const photo = store.photo(req.params.id);
    if (!photo) throw imageNotFound();
    return ok({
      '@odata.context': `${contextUrl(ctx.server.baseUrl, `users('${req.params.id}')/photo`)}/$entity`,
      '@odata.mediaContentType': photo.contentType,
      '@odata.mediaEtag': '"emulated"',
      id: `${photo.width ?? 1}X${photo.height ?? 1}`,
      height: photo.height ?? 1,
      width: photo.width ?? 1,
    });
  });
  const photoValue = (id: string) => {
    const photo = store.photo(id);
    if (!photo) throw imageNotFound();
    return { status: 200, headers: { 'content-type': photo.contentType }, body: Buffer.from(photo.base64, 'base64') };
  };
  graphRoute(ctx, 'GET', '/users/:id/photo/$value', req => photoValue(req.params.id));
  // A sized photo (`48x48` … `648x648`); the emulator serves the stored photo at every size.
  graphRoute(ctx, 'GET', '/users/:id/photos/:size/$value', req => photoValue(req.params.id));
}

function imageNotFound(): GraphError {
  return new GraphError(404, 'ImageNotFound', 'Exception of type \'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException\' was thrown.');
}
