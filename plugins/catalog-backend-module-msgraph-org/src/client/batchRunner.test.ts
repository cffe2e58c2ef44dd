import type { Client } from '@microsoft/microsoft-graph-client';
import { BatchRunner } from './batchRunner';
import { innerPageOf } from './pages';

type Reply = { status: number; headers?: Record<string, string>; body?: unknown };

/** A Graph client whose `$batch` answers each inner request with the next of `replies` (in order), recording what was sent. */
function batchClient(replies: Reply[]) {
  const sent: string[][] = [];
  const client = {
    api: (path: string) => {
      expect(path).toBe('/$batch');
      return {
        post: async (body: { requests: Array<{ id: string; url: string }> }) => {
          sent.push(body.requests.map(r => r.url));
          return { responses: body.requests.map(r => ({ id: r.id, headers: {}, ...replies.shift()! })) };
        },
      };
    },
  } as unknown as Client;
  return { client, sent };
}

const throttled = (code: string): Reply => ({ status: 200, headers: { 'Retry-After': '0' }, body: { error: { code, message: 'Try again.' } } });

test('an inner 200 carrying a throttling error code is sent again, as a 429 would be', async () => {
  const { client, sent } = batchClient([throttled('TooManyRequests'), throttled('serviceNotAvailable'), { status: 200, body: { value: [{ id: 'u1' }] } }]);
  const runner = new BatchRunner(client, { concurrency: 1 });
  const pages: unknown[] = [];
  runner.enqueue('/groups/g1/members', response => void pages.push(innerPageOf('the members of group g1', response).value));
  await runner.run();
  expect(sent).toEqual([['/groups/g1/members'], ['/groups/g1/members'], ['/groups/g1/members']]);
  expect(pages).toEqual([[{ id: 'u1' }]]);
});

test('an inner 200 carrying any other error object is an error for that request, not an empty page', async () => {
  const { client, sent } = batchClient([{ status: 200, body: { error: { code: 'InternalServerError', message: 'Boom.' } } }]);
  const runner = new BatchRunner(client, { concurrency: 1 });
  runner.enqueue('/groups/g1/members', response => void innerPageOf('the members of group g1', response));
  await expect(runner.run()).rejects.toThrow(
    'Error while reading the members of group g1 from Microsoft Graph: the answer holds no list of objects (InternalServerError - Boom.); nothing is applied',
  );
  expect(sent).toHaveLength(1);
});

test('a request still throttled after its attempts fails the run', async () => {
  const { client } = batchClient([throttled('TooManyRequests'), throttled('TooManyRequests')]);
  const runner = new BatchRunner(client, { concurrency: 1, maxInnerAttempts: 2 });
  runner.enqueue('/groups/g1/members', () => undefined);
  await expect(runner.run()).rejects.toThrow('Error while reading /groups/g1/members from Microsoft Graph: still throttled after 2 attempts (200 TooManyRequests - Try again.)');
});

test("an aborted run ends with the signal's reason", async () => {
  const { client } = batchClient([]);
  const controller = new AbortController();
  controller.abort(new Error('the schedule timed out'));
  const runner = new BatchRunner(client, { concurrency: 1, signal: controller.signal });
  runner.enqueue('/groups/g1/members', () => undefined);
  await expect(runner.run()).rejects.toThrow('the schedule timed out');
});
