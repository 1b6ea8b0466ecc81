import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPackServer, type PackServer } from '../../scripts/pack-server';

let dir: string;
let root: string;
const servers: PackServer[] = [];

async function start(intercept?: Parameters<typeof startPackServer>[0]['intercept']): Promise<PackServer> {
  const server = await startPackServer({ root, intercept });
  servers.push(server);
  return server;
}

/** A raw GET whose path is sent exactly as given (fetch would normalise `..`). */
function rawGet(server: PackServer, path: string): Promise<number> {
  const { port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'backstory-server-'));
  root = join(dir, 'site');
  mkdirSync(join(root, 'stable'), { recursive: true });
  writeFileSync(join(root, 'stable', 'index.json'), '{"format":"backstory-catalogue"}\n');
  writeFileSync(join(root, 'stable', 'index.json.sig'), '{}\n');
  writeFileSync(join(root, 'stable', 'a-v1.json.gz'), new Uint8Array([0x1f, 0x8b, 1, 2, 3]));
  writeFileSync(join(dir, 'secret.txt'), 'outside the root\n');
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the pack server', () => {
  it('listens on 127.0.0.1 and serves files with CORS, no-store and a content type', async () => {
    const server = await start();
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url('stable/index.json')).toBe(`${server.origin}/stable/index.json`);
    expect(server.url('/stable/index.json')).toBe(`${server.origin}/stable/index.json`);

    const res = await fetch(server.url('stable/index.json'));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe('{"format":"backstory-catalogue"}\n');

    const gz = await fetch(server.url('stable/a-v1.json.gz'));
    expect(gz.headers.get('content-type')).toBe('application/gzip');
    expect(gz.headers.get('content-encoding')).toBeNull();
    expect(new Uint8Array(await gz.arrayBuffer())).toEqual(new Uint8Array([0x1f, 0x8b, 1, 2, 3]));

    expect((await fetch(server.url('stable/index.json.sig'))).headers.get('content-type')).toBe('application/json');
  });

  it('answers 404 for a missing file or a directory', async () => {
    const server = await start();
    const res = await fetch(server.url('stable/missing.json'));
    expect(res.status).toBe(404);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await fetch(server.url('stable/'))).status).toBe(404);
  });

  it('refuses path traversal with 403', async () => {
    const server = await start();
    expect(await rawGet(server, '/../secret.txt')).toBe(403);
    expect(await rawGet(server, '/stable/../../secret.txt')).toBe(403);
    expect(await rawGet(server, '/..%2fsecret.txt')).toBe(403);
    expect(await rawGet(server, '/stable/..%5c..%5csecret.txt')).toBe(403);
    expect((await fetch(`${server.origin}/..%2fsecret.txt`)).status).toBe(403);
  });

  it('records every request with its headers', async () => {
    const server = await start();
    await fetch(server.url('stable/index.json?x=1'), { headers: { 'X-Test': 'yes' } });
    await fetch(server.url('nothing-here'), { method: 'HEAD' });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/stable/index.json', url: '/stable/index.json?x=1' });
    expect(server.requests[0]?.headers['x-test']).toBe('yes');
    expect(server.requests[0]?.headers.cookie).toBeUndefined();
    expect(server.requests[0]?.headers.referer).toBeUndefined();
    expect(server.requests[1]).toMatchObject({ method: 'HEAD', path: '/nothing-here' });
  });

  it('lets intercept answer a path, and serves the rest', async () => {
    const server = await start((path, _req, res) => {
      if (path !== '/stable/index.json') return false;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"tampered":true}');
      return true;
    });
    const res = await fetch(server.url('stable/index.json'));
    expect(await res.text()).toBe('{"tampered":true}');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await fetch(server.url('stable/index.json.sig'))).status).toBe(200);
    expect(server.requests.map((r) => r.path)).toEqual(['/stable/index.json', '/stable/index.json.sig']);
  });

  it('supports an async intercept, and a throwing one gives a 500', async () => {
    const server = await start(async (path, _req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (path === '/boom') throw new Error('boom');
      if (path !== '/slow') return false;
      res.end('late');
      return true;
    });
    expect(await (await fetch(server.url('slow'))).text()).toBe('late');
    expect((await fetch(server.url('boom'))).status).toBe(500);
  });

  it('close() ends a response left hanging instead of waiting for it', async () => {
    const server = await start((path, _req, res) => {
      if (path !== '/endless') return false;
      res.writeHead(200, { 'Content-Type': 'application/gzip' });
      res.write(new Uint8Array(1024));
      const timer = setInterval(() => res.write(new Uint8Array(1024)), 20);
      res.on('close', () => clearInterval(timer));
      return true;
    });
    const res = await fetch(server.url('endless'));
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    const began = Date.now();
    await server.close();
    expect(Date.now() - began).toBeLessThan(1000);
    // The client sees the connection end rather than waiting forever.
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return 'done';
      })(),
    ).rejects.toThrow();
    await server.close(); // closing twice is harmless
  });
});
