/** A static server for the demo site on 127.0.0.1, used by `npm start` and the end-to-end tests. */
import { createServer, type Server } from 'node:http';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface DemoServer {
  origin: string;
  url(path: string): string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Extra response headers by request path ("/article.html": { "content-security-policy": "..." }). */
  headers?: Record<string, Record<string, string>>;
}

/** Serves files under `root`; unknown paths get a placeholder page so that links navigate. */
export async function startDemoServer(root: string, port = 0, options: ServeOptions = {}): Promise<DemoServer> {
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path === '/' ? 'article.html' : path));
    const extra = options.headers?.[path] ?? {};
    if (!file.startsWith(normalize(root + sep))) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...extra });
      response.end(body);
    } catch {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...extra });
      response.end(`<!doctype html><title>Placeholder</title><h1>Placeholder page</h1><p data-path>${escapeHtml(path)}</p>`);
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${actual}`;
  return {
    origin,
    url: (path) => origin + path,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Serve generated pages: each entry of `files` (a path under the site's root and its content, or `{ copy }`
 * naming a file to copy there) is written into a fresh temporary directory; `close` also removes it.
 */
export async function startGeneratedSite(files: Record<string, string | { copy: string }>, options: ServeOptions = {}): Promise<DemoServer> {
  const root = mkdtempSync(join(tmpdir(), 'backstory-site-'));
  for (const [path, content] of Object.entries(files)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    if (typeof content === 'string') writeFileSync(file, content);
    else copyFileSync(content.copy, file);
  }
  const server = await startDemoServer(root, 0, options);
  return {
    ...server,
    async close() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
