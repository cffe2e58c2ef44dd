import { parseArgs } from './args';

describe('--replicas', () => {
  it('is absent unless given, and takes a whole number of backends on PostgreSQL', () => {
    expect(parseArgs([]).replicas).toBeUndefined();
    expect(parseArgs(['--impl', 'ours-okta', '--database', 'postgres', '--replicas', '3']).replicas).toBe(3);
    expect(parseArgs(['--replicas', '1', '--database', 'postgres', '--impl', 'ours-okta,ours-github']).replicas).toBe(1);
  });

  it('refuses a count that is not a whole number of at least 1', () => {
    for (const bad of ['0', '-1', '1.5', 'two']) {
      expect(() => parseArgs(['--impl', 'ours-okta', '--database', 'postgres', '--replicas', bad])).toThrow(/--replicas must be a whole number/);
    }
    expect(() => parseArgs(['--database', 'postgres', '--replicas'])).toThrow(/--replicas needs a value/);
  });

  it('needs PostgreSQL, our modules only, and the sync comparison', () => {
    expect(() => parseArgs(['--impl', 'ours-okta', '--replicas', '2'])).toThrow(/--replicas needs --database postgres/);
    expect(() => parseArgs(['--impl', 'ours-okta', '--database', 'sqlite', '--replicas', '2'])).toThrow(/--replicas needs --database postgres/);
    expect(() => parseArgs(['--impl', 'ours-okta,peer-okta', '--database', 'postgres', '--replicas', '2'])).toThrow(/ours-\*.*drop peer-okta/);
    expect(() => parseArgs(['--database', 'postgres', '--replicas', '2'])).toThrow(/drop peer-okta, peer-msgraph, peer-github, peer-ldap/);
    expect(() => parseArgs(['--impl', 'ours-okta', '--database', 'postgres', '--replicas', '2', '--changes'])).toThrow(/not --changes, --scim or --smoke/);
    expect(() => parseArgs(['--impl', 'ours-okta', '--database', 'postgres', '--replicas', '2', '--scim'])).toThrow(/not --changes, --scim or --smoke/);
  });
});

describe('--scim', () => {
  it('measures both databases with 1,000 users and 20 deactivations unless told otherwise', () => {
    expect(parseArgs(['--scim'])).toMatchObject({ scim: true, scimUsers: 1000, scimDatabases: ['sqlite', 'postgres'], samples: 20 });
    expect(parseArgs(['--scim', '--database', 'postgres', '--scim-users', '300', '--samples', '4'])).toMatchObject({ scimUsers: 300, scimDatabases: ['postgres'], samples: 4 });
  });

  it('is part of the smoke, small and on SQLite', () => {
    expect(parseArgs(['--smoke'])).toMatchObject({ scim: false, scimUsers: 200, scimDatabases: ['sqlite'], samples: 2 });
    expect(parseArgs(['--smoke', '--database', 'postgres']).scimDatabases).toEqual(['postgres']);
  });
});
