/**
 * A small static pack server for development and tests: serves a directory written by
 * `npm run pack -- publish` (and signed by `pack sign`) on 127.0.0.1 only.
 *
 * Every answer carries `Access-Control-Allow-Origin: *` (the extension fetches from its own origin) and
 * `Cache-Control: no-store`. Files are sent as they are on disk: a `.gz` file goes out as
 * `application/gzip` with no `Content-Encoding`, so the bytes hashed by the catalogue are the bytes the
 * client receives. Paths with a `..` segment are refused (403), missing files are 404.
 *
 * Every request is recorded (method, path, headers) so tests can check what a client sent (no cookies,
 * no referrer); `intercept` lets a test answer a path itself (a tampered file, an endless response).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { extname, resolve, sep } from 'node:path';

export interface PackServerOptions {
  /** The directory served: `<root>/<channel>/index.json`, the pack files beside it. */
  root: string;
  /** 0 or absent: any free port. */
  port?: number;
  /**
   * Called first for every request with its decoded path (no query): answer `res` and return true to
   * replace the normal answer, or return false to let the server serve the file.
   */
  intercept?: (path: string, req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

export interface RecordedRequest {
  method: string;
  /** The decoded path, without the query string. */
  path: string;
  /** The request target exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface PackServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The absolute URL of a path on this server (`url('stable/index.json')`). */
  url(path: string): string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Stop listening and destroy open connections (including responses left hanging). */
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.gz': 'application/gzip',
  '.sig': 'application/json',
};

function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function sendText(res: ServerResponse, status: number, text: string, head = false): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(head ? undefined : text);
}

/** The decoded path of a request target, or null when it cannot be decoded. */
function decodePath(target: string): string | null {
  const raw = target.split(/[?#]/, 1)[0] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

export async function startPackServer(options: PackServerOptions): Promise<PackServer> {
  const root = resolve(options.root);
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  async function serveFile(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD, OPTIONS');
      sendText(res, 405, 'method not allowed\n', head);
      return;
    }
    const segments = path.split(/[\\/]/);
    if (path.includes('\0') || segments.includes('..')) {
      sendText(res, 403, 'forbidden\n', head);
      return;
    }
    const file = resolve(root, `.${path.startsWith('/') ? path : `/${path}`}`);
    if (file !== root && !file.startsWith(root + sep)) {
      sendText(res, 403, 'forbidden\n', head);
      return;
    }
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      size = info.size;
    } catch {
      sendText(res, 404, 'not found\n', head);
      return;
    }
    res.writeHead(200, { 'Content-Type': contentTypeOf(file), 'Content-Length': size });
    if (head) {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  const server = createServer((req, res) => {
    const target = req.url ?? '/';
    const path = decodePath(target);
    requests.push({ method: req.method ?? '', path: path ?? target, url: target, headers: { ...req.headers } });
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    void (async () => {
      if (path === null) {
        sendText(res, 400, 'bad request\n');
        return;
      }
      if (options.intercept && (await options.intercept(path, req, res))) return;
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS' });
        res.end();
        return;
      }
      await serveFile(path, req, res);
    })().catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, `server error: ${error instanceof Error ? error.message : String(error)}\n`);
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the pack server has no TCP address');
  const origin = `http://127.0.0.1:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    origin,
    url: (path: string) => new URL(path.replace(/^\/+/, ''), `${origin}/`).href,
    requests,
    close() {
      closing ??= new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
