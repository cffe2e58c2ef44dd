import { ConfigReader } from '@backstage/config';
import { readMsGraphEventsConfig } from './eventsConfig';

const PATH = 'catalog.providers.microsoftGraphOrg.main';
const SECRET = 'x'.repeat(32);
const URL_OK = 'https://backstage.example.com/api/catalog/org-sync/msgraph/main';
const read = (events: unknown) => readMsGraphEventsConfig(new ConfigReader({ events } as ConstructorParameters<typeof ConfigReader>[0]), PATH, 'main');

test('defaults: nothing on', () => {
  expect(readMsGraphEventsConfig(new ConfigReader({}), PATH, 'main')).toEqual({ poll: false });
  expect(read({ poll: { interval: { seconds: 10 } } })).toEqual({ poll: false });
});

test('poll and push read', () => {
  expect(read({ poll: { enabled: true }, push: { enabled: true, notificationUrl: `${URL_OK}/`, clientState: SECRET, maxBodyBytes: 4096 } })).toEqual({
    poll: true,
    push: { notificationUrl: URL_OK, clientState: SECRET },
  });
  // a proxy prefix before the route is fine
  expect(read({ push: { enabled: true, notificationUrl: 'https://h.example.com/backstage/api/catalog/org-sync/msgraph/main', clientState: SECRET } }).push).toBeDefined();
});

test.each([
  [{ poll: { enabeld: true } }, `${PATH}.events.poll.enabeld`],
  [{ poll: { enabled: 'yes' } }, `${PATH}.events.poll.enabled must be true or false`],
  [{ push: { enabled: true, clientState: SECRET } }, `${PATH}.events.push.notificationUrl is required`],
  [{ push: { enabled: true, notificationUrl: 'http://backstage.example.com/api/catalog/org-sync/msgraph/main', clientState: SECRET } }, 'must be an https: URL'],
  [{ push: { enabled: true, notificationUrl: 'https://backstage.example.com/api/catalog/org-sync/msgraph/other', clientState: SECRET } }, 'must end at this provider\'s route /api/catalog/org-sync/msgraph/main'],
  [{ push: { enabled: true, notificationUrl: `${URL_OK}?a=b`, clientState: SECRET } }, 'must carry no query'],
  [{ push: { enabled: true, notificationUrl: URL_OK } }, `${PATH}.events.push.clientState is required`],
  [{ push: { enabled: true, notificationUrl: URL_OK, clientState: 'short' } }, 'must be 24 to 128 characters long'],
  [{ push: { enabled: true, notificationUrl: URL_OK, clientState: 'y'.repeat(129) } }, 'must be 24 to 128 characters long'],
])('%j fails naming the setting', (events, message) => {
  expect(() => read(events)).toThrow(message);
});

test('a clientState error never shows the secret', () => {
  const secret = 'z'.repeat(200);
  expect(() => read({ push: { enabled: true, notificationUrl: URL_OK, clientState: secret } })).toThrow(expect.objectContaining({ message: expect.not.stringContaining(secret) }));
});
