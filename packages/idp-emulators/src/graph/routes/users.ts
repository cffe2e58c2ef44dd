import { createHash } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse } from '../../core/types';
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
  // The photo's ETag, and 304 to a matching If-None-Match, so a client can skip unchanged photos.
  const photoValue = (req: EmulatorRequest): EmulatorResponse => {
    const photo = store.photo(req.params.id);
    if (!photo) throw imageNotFound();
    const etag = `"${createHash('sha1').update(photo.base64).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) return { status: 304, headers: { etag } };
    return { status: 200, headers: { 'content-type': photo.contentType, etag }, body: Buffer.from(photo.base64, 'base64') };
  };
  graphRoute(ctx, 'GET', '/users/:id/photo/$value', photoValue);
  // A sized photo (`48x48` … `648x648`); the emulator serves the stored photo at every size.
  graphRoute(ctx, 'GET', '/users/:id/photos/:size/$value', photoValue);
}

function imageNotFound(): GraphError {
  return new GraphError(404, 'ImageNotFound', 'Exception of type \'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException\' was thrown.');
}
