// A small static file server for the built site, written with node's `http` module only.
//
//   const server = await startStaticServer('/path/to/site');   // port 0: any free port
//   server.url      -> 'http://127.0.0.1:PORT/'
//   await server.close();
//
// - folders are served by their index.html (a folder asked for without its trailing
//   slash is redirected to it, as real servers do, so relative links keep working);
// - a missing file answers 404, with the site's own 404.html as body if it has one;
// - nothing outside the root is ever served (`..` and encoded tricks answer 404).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

export const CONTENT_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.zip': 'application/zip',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
});

/** The Content-Type for a file name (application/octet-stream when unknown). */
export function contentTypeFor(fileName) {
  return CONTENT_TYPES[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a request path (already without query string) to a file under root.
 * Returns { kind: 'file', file } | { kind: 'redirect', location } | { kind: 'missing' }.
 * Pure except for fs.statSync; exported for the unit tests.
 */
export function resolveRequestPath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'missing' };
  }
  if (decoded.includes('\0')) return { kind: 'missing' };
  const rootAbs = path.resolve(root);
  const file = path.resolve(rootAbs, '.' + path.posix.normalize('/' + decoded));
  if (file !== rootAbs && !file.startsWith(rootAbs + path.sep)) return { kind: 'missing' };
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return { kind: 'missing' };
  }
  if (stat.isDirectory()) {
    if (!urlPath.endsWith('/')) return { kind: 'redirect', location: urlPath + '/' };
    const index = path.join(file, 'index.html');
    return fs.existsSync(index) ? { kind: 'file', file: index } : { kind: 'missing' };
  }
  return stat.isFile() ? { kind: 'file', file } : { kind: 'missing' };
}

/**
 * Starts serving `root` on host:port (defaults 127.0.0.1 and 0, any free port).
 * Resolves to { url, port, server, close() }. `requests` records every request
 * (method, path, status), which tests use to find broken links.
 */
export function startStaticServer(root, { host = '127.0.0.1', port = 0 } = {}) {
  const rootAbs = path.resolve(root);
  const requests = [];
  const server = http.createServer((req, res) => {
    const send = (status, headers, body) => {
      requests.push({ method: req.method, path: req.url, status });
      res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'Method not allowed\n');
    }
    const urlPath = new URL(req.url, 'http://localhost').pathname;
    const found = resolveRequestPath(rootAbs, urlPath);
    if (found.kind === 'redirect') {
      return send(301, { Location: found.location, 'Content-Type': 'text/plain; charset=utf-8' }, `Moved to ${found.location}\n`);
    }
    if (found.kind === 'file') {
      let body;
      try {
        body = fs.readFileSync(found.file);
      } catch {
        return send(500, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Cannot read file\n');
      }
      return send(200, { 'Content-Type': contentTypeFor(found.file), 'Content-Length': body.length }, body);
    }
    const notFound = path.join(rootAbs, '404.html');
    if (fs.existsSync(notFound)) {
      const body = fs.readFileSync(notFound);
      return send(404, { 'Content-Type': CONTENT_TYPES['.html'], 'Content-Length': body.length }, body);
    }
    return send(404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actualPort = server.address().port;
      resolve({
        url: `http://${host}:${actualPort}/`,
        port: actualPort,
        server,
        requests,
        close: () =>
          new Promise((res) => {
            server.closeAllConnections?.();
            server.close(() => res());
          }),
      });
    });
  });
}
