import { startBackendProcess, type BackendProcess } from '@orgsync/test-utils';

describe('the backend app', () => {
  let backend: BackendProcess | undefined;
  afterEach(() => backend?.stop());

  it('starts alone with app-config.yaml: catalog up, every org module inert, auth enforced', async () => {
    backend = await startBackendProcess({ configs: [] });
    const users = await backend.catalog.query('kind=user');
    expect(users).toEqual([]);
    const anonymous = await fetch(`http://localhost:${backend.port}/api/catalog/entities/by-query?filter=kind=user`);
    expect(anonymous.status).toBe(401);
    const out = backend.output();
    expect(out).toContain('No catalog.providers.okta configured');
    expect(out).toContain('No catalog.providers.microsoftGraphOrg configured');
  });
});
