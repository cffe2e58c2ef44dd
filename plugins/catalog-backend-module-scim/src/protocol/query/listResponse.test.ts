import { listResponse } from './listResponse';

const same = <T>(resource: T) => resource;
const users = Array.from({ length: 5 }, (_, i) => ({ id: `u${i + 1}`, userName: `user${i + 1}` }));

describe('listResponse', () => {
  it('returns the asked page with the total', () => {
    expect(listResponse(users, { startIndex: 2, count: 2 }, same)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 5,
      startIndex: 2,
      itemsPerPage: 2,
      Resources: [users[1], users[2]],
    });
  });

  it('counts without resources, past the end and through a projection', () => {
    expect(listResponse(users, { startIndex: 1, count: 0 }, same)).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
    expect(listResponse(users, { startIndex: 9, count: 10 }, same)).toMatchObject({ totalResults: 5, startIndex: 9, itemsPerPage: 0 });
    expect(listResponse(users, { startIndex: 5, count: 10 }, ({ id }) => ({ id })).Resources).toEqual([{ id: 'u5' }]);
    expect(listResponse([], { startIndex: 1, count: 100 }, same)).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });
  });
});
