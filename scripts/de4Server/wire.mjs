// HTTP plumbing of the loopback DE4 API server: Basic auth, bounded body reading, the GraphQL
// request envelope and plain answers. Kept apart from server.mjs so the server stays readable.
import { timingSafeEqual } from 'node:crypto';

/** The seeded user whose Basic credentials match, or undefined. */
export function authenticate(header, usersByName) {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) {
    return undefined;
  }
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    return undefined;
  }
  const user = usersByName.get(decoded.slice(0, colon));
  const given = Buffer.from(decoded.slice(colon + 1), 'utf8');
  const expected = Buffer.from(user?.apiKey ?? '', 'utf8');
  const same = given.length === expected.length && timingSafeEqual(given, expected);
  return user && same ? user : undefined;
}

/**
 * The body as text, or undefined when it exceeds `limit` bytes. An oversized body is read to its end
 * and dropped, so the client gets the 413 rather than a reset mid-upload; past 16 × limit the
 * connection is cut.
 */
export function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit * 16) {
        req.destroy();
        resolve(undefined);
      } else if (size <= limit) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseRequest(body) {
  let json;
  try {
    json = JSON.parse(body);
  } catch (err) {
    return { error: `request body is not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { error: 'request body must be a JSON object {query, variables}' };
  }
  const { query, variables, operationName } = json;
  if (typeof query !== 'string' || query.length === 0) {
    return { error: 'request body has no query string' };
  }
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
    return { error: 'variables must be an object' };
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return { error: 'operationName must be a string' };
  }
  return { query, variables: variables ?? undefined, operationName: operationName ?? undefined };
}

export function send(res, status, type, text, headers = {}) {
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendJson(res, status, value) {
  send(res, status, 'application/json', JSON.stringify(value));
}
