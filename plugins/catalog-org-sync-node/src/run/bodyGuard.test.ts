import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chunkedBody, rawPost } from '@orgsync/test-utils';
import express from 'express';
import type { OrgBodyRefusalFormatter } from '../changes';
import { guardedRawBody } from './bodyGuard';

const MAX_BYTES = 1024;
const TIMEOUT_MS = 1000;
const teapot: OrgBodyRefusalFormatter = ({ status, message }) => ({ contentType: 'application/teapot+json', body: JSON.stringify({ code: String(status), said: message }) });

/** A real HTTP server with the guarded body in front of a route that echoes the body's length. */
async function serve(format?: OrgBodyRefusalFormatter): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  const echo: express.RequestHandler = (req, res) => {
    res.json({ length: Buffer.isBuffer(req.body) ? req.body.length : -1 });
  };
  app.post('/push', ...guardedRawBody({ maxBytes: MAX_BYTES, timeoutMs: TIMEOUT_MS, format }), echo);
  const server: Server = await new Promise(resolve => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/push`, close: () =>
      new Promise(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function bodyOf(received: string): unknown {
  return JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4));
}

describe('guardedRawBody', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  const started = async (format?: OrgBodyRefusalFormatter) => {
    const server = await serve(format);
    servers.push(server);
    return server.url;
  };
  afterAll(() => Promise.all(servers.map(server => server.close())));

  it('hands a body within the limit to the route as a Buffer', async () => {
    const response = await fetch(await started(teapot), { method: 'POST', body: 'x'.repeat(MAX_BYTES) });
    expect(await response.json()).toEqual({ length: MAX_BYTES });
  });

  it.each([
    ['the engine', undefined, 'application/json; charset=utf-8', { error: `the body is larger than ${MAX_BYTES} bytes` }],
    ['the receiver', teapot, 'application/teapot+json', { code: '413', said: `the body is larger than ${MAX_BYTES} bytes` }],
  ])('answers a declared Content-Length over the limit 413 in the words of %s, and closes', async (_who, format, contentType, body) => {
    const answer = await rawPost(await started(format), { contentLength: 10 * MAX_BYTES, chunks: ['{'], answerWithinMs: 5000 });
    expect(answer).toMatchObject({ status: 413, closedByServer: true });
    expect(answer.received.toLowerCase()).toContain(`content-type: ${contentType}`);
    expect(bodyOf(answer.received)).toEqual(body);
  });

  it('answers a chunked body that grows past the limit 413 in the receiver\'s words', async () => {
    const response = await fetch(await started(teapot), { method: 'POST', ...chunkedBody(4 * MAX_BYTES) });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/teapot+json');
    expect(await response.json()).toEqual({ code: '413', said: `the body is larger than ${MAX_BYTES} bytes` });
  });

  it('answers a body that does not arrive in time 408 in the receiver\'s words, and closes', async () => {
    const answer = await rawPost(await started(teapot), { contentLength: 100, chunks: ['{"a', '"'], everyMs: 2 * TIMEOUT_MS, answerWithinMs: 5000 });
    expect(answer).toMatchObject({ status: 408, closedByServer: true });
    expect(answer.afterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(bodyOf(answer.received)).toEqual({ code: '408', said: 'the body did not arrive within 1 seconds' });
  });
});
