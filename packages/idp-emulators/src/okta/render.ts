import type { OktaGroup, OktaUser } from './fixture';

/** A user as the API returns it: the stored object plus `_links` under the emulator's URL. */
export function renderUser(user: OktaUser, baseUrl: string): OktaUser {
  return { ...user, _links: { self: { href: `${baseUrl}/api/v1/users/${user.id}` } } };
}

/** A group as the API returns it; `usersCount` adds `_embedded.stats` (`expand=stats`). */
export function renderGroup(group: OktaGroup, baseUrl: string, usersCount?: number): OktaGroup {
  const href = `${baseUrl}/api/v1/groups/${group.id}`;
  const logo = group.type === 'APP_GROUP' ? 'app' : 'okta';
  return {
    ...group,
    ...(usersCount === undefined
      ? {}
      : {
          _embedded: {
            stats: {
              usersCount,
              appsCount: 0,
              groupPushMappingsCount: 0,
              hasAdminPrivilege: false,
              _links: { self: { href: `${href}/stats` } },
            },
          },
        }),
    _links: {
      logo: [
        { name: 'medium', href: `${baseUrl}/assets/img/logos/groups/${logo}-medium.png`, type: 'image/png' },
        { name: 'large', href: `${baseUrl}/assets/img/logos/groups/${logo}-large.png`, type: 'image/png' },
      ],
      users: { href: `${href}/users` },
      apps: { href: `${href}/apps` },
    },
  };
}
