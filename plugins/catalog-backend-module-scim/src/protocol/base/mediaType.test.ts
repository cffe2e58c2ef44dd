import { isScimContentType } from './mediaType';

describe('isScimContentType', () => {
  it.each(['application/scim+json', 'application/scim+json; charset=utf-8', 'Application/SCIM+JSON', 'application/json;charset=UTF-8'])(
    'accepts %j',
    contentType => {
      expect(isScimContentType(contentType)).toBe(true);
    },
  );

  it.each([undefined, '', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp'])(
    'refuses %j',
    contentType => {
      expect(isScimContentType(contentType)).toBe(false);
    },
  );
});
