import { execFileSync } from 'node:child_process';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CoreError } from '../../../src/core/errors';
import { AxiosHttpClient } from '../../../src/node/axiosHttpClient';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function recordingHandler(seen: Seen[], handler: Handler): http.RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  };
}

async function rejection(p: Promise<unknown>): Promise<CoreError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof CoreError, `not a CoreError: ${String(err)}`);
    return err;
  }
  assert.fail('did not reject');
}

describe('AxiosHttpClient over loopback HTTP', () => {
  const seen: Seen[] = [];
  let handler: Handler = (_req, res) => res.end();
  let server: http.Server;
  let base: string;

  before(async () => {
    server = http.createServer(recordingHandler(seen, (req, res, body) => handler(req, res, body)));
    base = `http://127.0.0.1:${await listen(server)}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('POSTs the body as text with the given headers and returns status, lowercase headers and text', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Thing': 'yes' });
      res.end('{"data":{"n":1}}');
    };
    const client = new AxiosHttpClient();
    const res = await client.post(`${base}/Manager/graphql`, '{"query":"{ a }"}', {
      headers: { 'Content-Type': 'application/json', Authorization: 'Basic YTpi' },
      timeoutMs: 5000,
    });
    assert.equal(res.status, 200);
    assert.equal(res.body, '{"data":{"n":1}}');
    assert.equal(res.headers['x-thing'], 'yes');
    assert.equal(seen[0]?.method, 'POST');
    assert.equal(seen[0]?.url, '/Manager/graphql');
    assert.equal(seen[0]?.body, '{"query":"{ a }"}');
    assert.equal(seen[0]?.headers.authorization, 'Basic YTpi');
  });

  it('resolves for error statuses and does not parse the body', async () => {
    handler = (_req, res) => {
      res.writeHead(503, { 'Retry-After': '1' });
      res.end('{"not": "parsed"');
    };
    const res = await new AxiosHttpClient().post(base, '', { headers: {} });
    assert.equal(res.status, 503);
    assert.equal(res.body, '{"not": "parsed"');
    assert.equal(res.headers['retry-after'], '1');
  });

  it('reports a redirect instead of following it', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { Location: '/login' });
      res.end();
    };
    const res = await new AxiosHttpClient().post(base, '', { headers: {} });
    assert.equal(res.status, 302);
    assert.equal(res.headers['location'], '/login');
    assert.equal(seen.length, 1);
  });

  it('times out with a timeout CoreError', async () => {
    handler = (_req, res) => setTimeout(() => res.end('late'), 500);
    const err = await rejection(new AxiosHttpClient().post(base, '', { headers: {}, timeoutMs: 50 }));
    assert.equal(err.code, 'timeout');
  });

  it('cancels through the signal', async () => {
    handler = (_req, res) => setTimeout(() => res.end('late'), 500);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const err = await rejection(new AxiosHttpClient().post(base, '', { headers: {}, signal: controller.signal }));
    assert.equal(err.code, 'cancelled');
    assert.ok(Date.now() - started < 400);
  });

  it('fails at once on an aborted signal without a request', async () => {
    const err = await rejection(new AxiosHttpClient().post(base, '', { headers: {}, signal: AbortSignal.abort() }));
    assert.equal(err.code, 'cancelled');
    assert.equal(seen.length, 0);
  });

  it('maps a refused connection to io-failed without the request headers in the error', async () => {
    const closed = http.createServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const err = await rejection(
      new AxiosHttpClient().post(`http://127.0.0.1:${port}/`, '', { headers: { Authorization: 'Basic c2VjcmV0' } }),
    );
    assert.equal(err.code, 'io-failed');
    assert.match(err.message, /ECONNREFUSED/);
    const everything = JSON.stringify({ message: err.message, cause: String(err.cause), stack: err.stack });
    assert.ok(!everything.includes('c2VjcmV0'));
    assert.ok(!(err.cause instanceof Error && 'config' in err.cause));
  });
});

describe('AxiosHttpClient over loopback HTTPS with a self-signed certificate', function () {
  let dir: string;
  let cert: string;
  let server: https.Server;
  let base: string;

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-tls-'));
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          keyFile,
          '-out',
          certFile,
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
    } catch (err) {
      throw new Error(`openssl is needed to make the test certificate (apt install openssl): ${String(err)}`);
    }
    cert = fs.readFileSync(certFile, 'utf8');
    server = https.createServer({ key: fs.readFileSync(keyFile), cert }, (_req, res) => res.end('ok'));
    base = `https://127.0.0.1:${await listen(server)}/`;
  });
  after(async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the certificate by default, with a hint about the CA file', async () => {
    const err = await rejection(new AxiosHttpClient().post(base, '', { headers: {} }));
    assert.equal(err.code, 'io-failed');
    assert.match(err.message, /certificate is not trusted/);
    assert.match(err.hint ?? '', /CA file/);
  });

  it('trusts it through the CA option', async () => {
    const res = await new AxiosHttpClient({ ca: cert }).post(base, '', { headers: {} });
    assert.equal(res.body, 'ok');
  });

  it('accepts it only with the explicit opt-out', async () => {
    const res = await new AxiosHttpClient({ rejectUnauthorized: false }).post(base, '', { headers: {} });
    assert.equal(res.status, 200);
  });

  it('with the opt-out, warns on every new connection and not on a reused one', async () => {
    const warned: string[] = [];
    const client = new AxiosHttpClient({ rejectUnauthorized: false, onInsecureConnection: (host) => warned.push(host) });
    await client.post(base, '', { headers: {} });
    await client.post(base, '', { headers: {} });
    const host = new URL(base).host;
    assert.deepEqual(warned, [host], 'the second request reused the kept-alive connection');
    server.closeAllConnections();
    // Let the client see the close, so the next request opens a connection instead of reusing one.
    await new Promise((r) => setTimeout(r, 100));
    await client.post(base, '', { headers: {} });
    assert.deepEqual(warned, [host, host], 'a new connection warns again');
  });

  it('never calls the warning hook while certificates are checked', async () => {
    const warned: string[] = [];
    await new AxiosHttpClient({ ca: cert, onInsecureConnection: (host) => warned.push(host) }).post(base, '', { headers: {} });
    assert.deepEqual(warned, []);
  });
});
