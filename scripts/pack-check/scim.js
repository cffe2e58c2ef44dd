// The SCIM receiver has no IdP to read: the check is the IdP. It provisions a few people and a team over SCIM, as
// Entra ID or Okta would, and reads them back from the catalog.
const crypto = require('node:crypto');
const { waitFor } = require('./proc');

const SCIM_ID = 'packcheck';
const PEOPLE = ['ada', 'grace', 'linus'];
const TEAM = 'Pack Check';

/** The SCIM provider the scratch backend's app-config holds, with a bearer token made for this run. */
function scimProvider() {
  return { id: SCIM_ID, token: crypto.randomBytes(24).toString('base64url') };
}

async function scimRequest(backend, method, path, body) {
  const url = `http://127.0.0.1:${backend.port}/api/catalog/org-sync/scim/${SCIM_ID}${path}`;
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${backend.scim.token}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

async function catalogEntity(backend, kind, name) {
  const url = `http://127.0.0.1:${backend.port}/api/catalog/entities/by-name/${kind}/scim/${name}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${backend.token}` } });
  return response.ok ? response.json() : undefined;
}

/** Creates the people and their team over SCIM; resolves with what the catalog then serves (within 60 s). */
async function provisionOverScim(backend) {
  const ids = [];
  for (const name of PEOPLE) {
    const user = await scimRequest(backend, 'POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: `${name}@example.com`,
      emails: [{ value: `${name}@example.com`, primary: true }],
    });
    ids.push(user.id);
  }
  await scimRequest(backend, 'POST', '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName: TEAM,
    members: ids.map(value => ({ value })),
  });
  return waitFor(async () => {
    const group = await catalogEntity(backend, 'group', 'pack-check');
    const members = group?.spec?.members ?? [];
    const users = await Promise.all(PEOPLE.map(name => catalogEntity(backend, 'user', name)));
    if (members.length !== PEOPLE.length || users.some(user => !user)) return undefined;
    return { users: users.length, groups: 1 };
  }, 60_000, `the ${PEOPLE.length} users and the group provisioned over SCIM in the catalog`);
}

module.exports = { SCIM_ID, scimProvider, provisionOverScim };
