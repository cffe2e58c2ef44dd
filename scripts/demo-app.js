// The demo's Backstage app (packages/app): its bundle, the person its guest sign-in signs in as, and its banner lines.
const { buildApp } = require('../packages/app/build');

/** A valid entity name that Okta's default naming (the email's local part, `strip-domain-email`) keeps as it is. */
const PLAIN_LOCAL_PART = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * The person the app's guest sign-in signs in as (auth.providers.guest.userEntityRef): an active Okta user of the
 * demo org with a plain name whose email's local part is theirs alone, so their User is `user:okta/<local part>`
 * and the User page shows them with the org sync cards. Chosen before the backend starts, from the emulator's org;
 * not someone a second GitHub account claims (the emulator's `<login>-personal`: linking refuses both accounts).
 */
function pickGuest(emulators) {
  const claimed = new Set(
    emulators.github.org
      .snapshot()
      .users.filter(u => u.login.endsWith('-personal'))
      .flatMap(u => u.verified_emails.map(email => email.toLowerCase())),
  );
  const users = emulators.okta.org.users().filter(user => !claimed.has(String(user.profile.email ?? '').toLowerCase()));
  const localPart = user => String(user.profile.email ?? '').split('@')[0].toLowerCase();
  const counts = new Map();
  for (const user of users) counts.set(localPart(user), (counts.get(localPart(user)) ?? 0) + 1);
  const guest = users.find(
    user =>
      user.status === 'ACTIVE' &&
      /^[A-Za-z][A-Za-z .'-]{2,40}$/.test(user.profile.displayName ?? '') &&
      PLAIN_LOCAL_PART.test(localPart(user)) &&
      localPart(user).length <= 63 &&
      counts.get(localPart(user)) === 1,
  );
  if (!guest) return { entityRef: 'user:development/guest', name: 'a guest (no person of the demo org)' };
  return { entityRef: `user:okta/${localPart(guest)}`, name: guest.profile.displayName, oktaId: guest.id };
}

/** Whether the guest's User is in the catalog, waiting up to a minute for the catalog to process it after Okta's first run. */
async function waitForGuest(backendUrl, token, guest) {
  const url = `${backendUrl}/api/catalog/entities/by-name/${guest.entityRef.replace(':', '/')}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
    if (response?.ok) return true;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  return false;
}

/** The app's part of the banner: where it is, who guest sign-in is, the pages to open, and where the backend's log lines went. */
function appBannerLines({ backendUrl, guest, guestFound, person, logFile }) {
  const [, namespace, name] = /^user:([^/]+)\/(.+)$/.exec(guest.entityRef) ?? [];
  const lines = [
    ` The Backstage app: ${backendUrl}/org-sync  (sign in as Guest: you are ${guest.name}, ${guest.entityRef}${guestFound ? '' : ' — not in the catalog yet'})`,
    `   ${backendUrl}/catalog?filters%5Bkind%5D=user&filters%5Buser%5D=all   the catalog's Users (pick Group in Kind for the teams)`,
    `   ${backendUrl}/catalog/${namespace}/user/${name}   your User page, with the org sync cards`,
  ];
  if (person) lines.push(`   ${backendUrl}/catalog/okta/user/${person.entityName}   ${person.name}, who leaves in the walk-through above`);
  lines.push(
    `   ${backendUrl}/org-sync/explain?q=${encodeURIComponent(guest.entityRef)}   why a person is (or is not) in the catalog`,
    ` The backend's log (requests, audit events, ...): ${logFile}`,
    ' The providers\' run lines and errors also show here.',
  );
  return lines.join('\n');
}

module.exports = { buildApp, pickGuest, waitForGuest, appBannerLines };
