import { MAX_RESULTS, parseListQuery, parseProjection } from './listQuery';

describe('parseListQuery', () => {
  it("reads Okta's first request and its user lookup", () => {
    expect(parseListQuery({ startIndex: '1', count: '2' })).toEqual({ startIndex: 1, count: 2, projection: {} });
    expect(parseListQuery({ filter: 'userName eq "test.user@okta.local"', startIndex: '1', count: '100' })).toEqual({
      filter: { kind: 'compare', path: { attribute: 'userName' }, operator: 'eq', value: 'test.user@okta.local' },
      startIndex: 1,
      count: 100,
      projection: {},
    });
  });

  it("reads Entra ID's group lookup without members", () => {
    expect(parseListQuery({ excludedAttributes: 'members', filter: 'displayName eq "Group1DisplayName"' })).toMatchObject({
      filter: { path: { attribute: 'displayName' }, value: 'Group1DisplayName' },
      startIndex: 1,
      count: MAX_RESULTS,
      projection: { excludedAttributes: [{ attribute: 'members' }] },
    });
  });

  it('reads parameter names in any case and clamps the page to the RFC and the maximum', () => {
    expect(parseListQuery({ STARTINDEX: '0', Count: '-5' })).toMatchObject({ startIndex: 1, count: 0 });
    expect(parseListQuery({ count: '100000' }, 50)).toMatchObject({ count: 50 });
    expect(parseListQuery({}, 50)).toMatchObject({ count: 50 });
  });

  it.each([
    [{ count: 'ten' }, 'invalidValue', 'count is an integer'],
    [{ startIndex: '1.5' }, 'invalidValue', 'startIndex is an integer'],
    [{ filter: ['userName pr', 'title pr'] }, 'invalidValue', 'filter is given once, as text'],
    [{ filter: 'userName eq' }, 'invalidFilter', 'expected a value at the end'],
    [{ attributes: 'user name' }, 'invalidValue', '"user name" is not an attribute path'],
  ])('refuses %j', (parameters, scimType, detail) => {
    expect(() => parseListQuery(parameters)).toThrow(expect.objectContaining({ status: 400, scimType, detail }));
  });
});

describe('parseProjection', () => {
  it('reads attributes and excludedAttributes alone', () => {
    expect(parseProjection({ attributes: 'userName', filter: 'ignored' })).toEqual({ attributes: [{ attribute: 'userName' }] });
  });
});
