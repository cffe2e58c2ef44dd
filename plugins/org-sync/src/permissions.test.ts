import { orgSyncPermissions as enginePermissions } from '@orgsync/plugin-catalog-org-sync-node';
import { orgSyncPermissions } from './permissions';

describe('the frontend permissions', () => {
  it("are the engine's, name for name and attribute for attribute", () => {
    expect(orgSyncPermissions).toEqual(enginePermissions);
  });
});
