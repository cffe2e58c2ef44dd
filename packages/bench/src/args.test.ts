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
    expect(() => parseArgs(['--impl', 'ours-okta', '--database', 'postgres', '--replicas', '2', '--changes'])).toThrow(/not --changes or --smoke/);
  });
});
