import http from 'node:http';
import { AddressInfo } from 'node:net';
import { requestToken } from './tokenClient';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

async function serve(handler: Handler): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

describe('requestToken', () => {
  it('posts the documented form and keeps only what a test needs from success', async () => {
    let seen: { contentType?: string; body?: string } = {};
    const server = await serve((req, res, body) => {
      seen = { contentType: req.headers['content-type'], body };
      json(res, 200, { access_token: 'secret-token', token_type: 'Bearer', expires_in: 120, scope: 'a:b c:d' });
    });
    try {
      const result = await requestToken({ tokenEndpoint: server.url, assertion: 'x.y.z', timeoutMs: 5000 });
      expect(seen.contentType).toBe('application/x-www-form-urlencoded');
      expect(new URLSearchParams(seen.body)).toEqual(
        new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'x.y.z' }),
      );
      expect(result).toEqual({ kind: 'success', status: 200, scopes: ['a:b', 'c:d'], expiresIn: 120 });
      expect(JSON.stringify(result)).not.toContain('secret-token');
    } finally {
      await server.close();
    }
  });

  it('maps an OAuth error to its MP code', async () => {
    const server = await serve((_req, res) =>
      json(res, 400, { error: 'invalid_grant', error_description: 'Invalid assertion. Client authentication failed. (MP-110)' }),
    );
    try {
      expect(await requestToken({ tokenEndpoint: server.url, assertion: 'a', timeoutMs: 5000 })).toEqual({
        kind: 'rejected',
        status: 400,
        error: 'invalid_grant',
        errorDescription: 'Invalid assertion. Client authentication failed. (MP-110)',
        code: 'MP-110',
      });
    } finally {
      await server.close();
    }
  });

  it('reports a 5xx as an upstream error', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503);
      res.end('maintenance');
    });
    try {
      expect(await requestToken({ tokenEndpoint: server.url, assertion: 'a', timeoutMs: 5000 })).toEqual({
        kind: 'upstream-error',
        status: 503,
        detail: 'The token endpoint answered HTTP 503',
      });
    } finally {
      await server.close();
    }
  });

  it('gives up on a slow endpoint after the timeout', async () => {
    const server = await serve(() => {
      // never answers
    });
    try {
      expect(await requestToken({ tokenEndpoint: server.url, assertion: 'a', timeoutMs: 200 })).toEqual({
        kind: 'timeout',
        timeoutMs: 200,
      });
    } finally {
      await server.close();
    }
  });

  it('gives up on an endpoint that sends headers and then stalls the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"access_token":');
    });
    try {
      expect((await requestToken({ tokenEndpoint: server.url, assertion: 'a', timeoutMs: 200 })).kind).toBe('timeout');
    } finally {
      await server.close();
    }
  });

  it('reports a closed port as unreachable', async () => {
    const server = await serve(() => {});
    const url = server.url;
    await server.close();
    const result = await requestToken({ tokenEndpoint: url, assertion: 'a', timeoutMs: 5000 });
    expect(result).toEqual({ kind: 'unreachable', detail: 'ECONNREFUSED' });
  });
});
