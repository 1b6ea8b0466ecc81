/**
 * Drives Debian's firefox-esr over WebDriver BiDi (Firefox's built-in Remote Agent) without geckodriver,
 * Selenium or a browser download: start Firefox with `--remote-debugging-port`, open a BiDi session on its
 * WebSocket, install the built extension as a temporary add-on (`webExtension.install`, Firefox 138+), then
 * navigate and evaluate script in tabs. Only what the Firefox smoke test needs; docs/firefox.md explains.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';

export const FIREFOX_EXTENSION_DIR = resolve(process.env.BACKSTORY_FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv2');

/** `FIREFOX_PATH` when set, else Debian's firefox-esr or a `firefox`; undefined when that is not installed. */
export function firefoxPath(): string | undefined {
  const candidates = process.env.FIREFOX_PATH ? [process.env.FIREFOX_PATH] : ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
  return candidates.find((path) => existsSync(path));
}

/** Firefox's major version (`firefox-esr --version`: "Mozilla Firefox 153.8.0esr"), 0 when unknown. */
export function firefoxMajorVersion(path: string): number {
  const out = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return Number(/Firefox (\d+)/.exec(out.stdout ?? '')?.[1] ?? 0);
}

/** WebDriver BiDi needs Firefox 129+ for a BiDi-only session; `webExtension.install` came in Firefox 138. */
export const MIN_FIREFOX_FOR_BIDI_INSTALL = 138;

/**
 * The environment for a build run from a test: vitest's own variables removed. Vitest sets NODE_ENV=test,
 * and a `wxt build` or `wxt zip` that inherits it bundles Preact's development JSX runtime (file names and
 * all) instead of the production package.
 */
export function productionBuildEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && key !== 'TEST' && key !== 'FORCE_TTY' && !key.startsWith('VITEST')),
  );
}

/** A BiDi remote value, as `script.evaluate` returns it (only primitives are read here). */
interface RemoteValue {
  type: string;
  value?: unknown;
}

interface EvaluateResult {
  type: 'success' | 'exception';
  result?: RemoteValue;
  exceptionDetails?: { text?: string };
}

export interface FirefoxBidi {
  /** The Firefox process's version string, as the session reports it ("153.8.0"). */
  browserVersion: string;
  /** Send one BiDi command and wait for its result. */
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Install an unpacked extension directory as a temporary add-on; returns the add-on id. */
  installExtension(dir: string): Promise<string>;
  /**
   * Open a new tab and return its browsing context. (The tab Firefox starts with never gets the focus in a
   * headless window, so focus events would not fire there; a tab opened over BiDi is focused.)
   */
  newTab(): Promise<string>;
  /** Navigate `context` to `url` and wait until its load event. */
  navigate(context: string, url: string): Promise<void>;
  /** Evaluate `expression` in the page's realm; its value (JSON-serialisable) is returned through JSON. */
  evaluate<T>(context: string, expression: string): Promise<T>;
  /**
   * Call `fn` (a function's source) in the page with the shadow root of the first element matching
   * `hostSelector`, open or closed, and return its value (through JSON); undefined when there is no such
   * root. BiDi hands closed roots to automation (`includeShadowTree: "all"`); page scripts get null.
   */
  inShadowRoot<T>(context: string, hostSelector: string, fn: string): Promise<T | undefined>;
  /** Evaluate until `expression` is truthy, every 100 ms, up to `timeoutMs`; returns its last value. */
  waitFor<T>(context: string, expression: string, timeoutMs: number, what: string): Promise<T>;
  /** End the session, stop Firefox and remove its temporary profile. */
  close(): Promise<void>;
}

/** Preferences for a quiet automation profile (the Remote Agent adds its own recommended ones too). */
const PREFS: Record<string, string | number | boolean> = {
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.startup.page': 0,
  'browser.aboutwelcome.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.disabledForTesting': true,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'browser.discovery.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  // The interface language, which browser.i18n (and so Backstory's interface) follows.
  'intl.locale.requested': 'en-US',
};

/** Start Firefox headless with a fresh profile and open a WebDriver BiDi session. */
export async function launchFirefox(
  options: { path?: string; headless?: boolean; timeoutMs?: number; prefs?: Record<string, string | number | boolean> } = {},
): Promise<FirefoxBidi> {
  const path = options.path ?? firefoxPath();
  if (!path) throw new Error('Firefox not found: install Debian\'s "firefox-esr" package or set FIREFOX_PATH');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const profile = mkdtempSync(join(tmpdir(), 'backstory-firefox-'));
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries({ ...PREFS, ...options.prefs }).map(([key, value]) => `user_pref(${JSON.stringify(key)}, ${JSON.stringify(value)});\n`).join(''),
  );
  const args = ['--no-remote', '--profile', profile, '--remote-debugging-port=0', ...(options.headless ?? true ? ['--headless'] : []), 'about:blank'];
  const child: ChildProcess = spawn(path, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', MOZ_DISABLE_AUTO_SAFE_MODE: '1' },
  });
  let log = '';
  const cleanup = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    // "WebDriver BiDi listening on ws://127.0.0.1:PORT" on stderr once the Remote Agent is up.
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`Firefox did not start its Remote Agent in ${timeoutMs} ms:\n${log}`)), timeoutMs);
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (chunk: string) => {
        log = (log + chunk).slice(-20_000);
        const match = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(log);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1]!);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`Firefox exited (${code ?? signal}) before its Remote Agent started:\n${log}`));
      });
      child.once('error', reject);
    });
    const socket = new WebSocket(`${url.replace(/\/$/, '')}/session`);
    await new Promise<void>((resolveOpen, reject) => {
      socket.once('open', () => resolveOpen());
      socket.once('error', reject);
    });
    return await session(socket, child, cleanup, () => log);
  } catch (error) {
    cleanup();
    throw error;
  }
}

async function session(socket: WebSocket, child: ChildProcess, cleanup: () => void, log: () => string): Promise<FirefoxBidi> {
  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void; method: string }>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; type?: string; result?: unknown; error?: string; message?: string };
    if (message.id === undefined) return; // an event: none is subscribed
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.type === 'error') waiter.reject(new Error(`${waiter.method}: ${message.error}: ${message.message}`));
    else waiter.resolve(message.result);
  });
  socket.on('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${waiter.method}: the BiDi connection closed\n${log()}`));
    pending.clear();
  });

  const send = <T,>(method: string, params: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolveResult, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolveResult as (value: unknown) => void, reject, method });
      socket.send(JSON.stringify({ id, method, params }));
    });

  const created = await send<{ capabilities: { browserVersion: string } }>('session.new', { capabilities: {} });

  const evaluate = async <T,>(context: string, expression: string): Promise<T> => {
    const wrapped = `(async () => JSON.stringify(await (${expression})))()`;
    const result = await send<EvaluateResult>('script.evaluate', {
      expression: wrapped,
      target: { context },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    if (result.type === 'exception') throw new Error(`script error: ${result.exceptionDetails?.text ?? 'unknown'}`);
    const value = result.result?.value;
    return (typeof value === 'string' ? JSON.parse(value) : undefined) as T;
  };

  let closed = false;
  return {
    browserVersion: created.capabilities.browserVersion,
    send,
    async installExtension(dir) {
      const result = await send<{ extension: string }>('webExtension.install', { extensionData: { type: 'path', path: resolve(dir) } });
      return result.extension;
    },
    async newTab() {
      const { context } = await send<{ context: string }>('browsingContext.create', { type: 'tab' });
      await send('browsingContext.activate', { context });
      return context;
    },
    async navigate(context, url) {
      await send('browsingContext.navigate', { context, url, wait: 'complete' });
    },
    evaluate,
    async inShadowRoot<T>(context: string, hostSelector: string, fn: string): Promise<T | undefined> {
      const host = await send<EvaluateResult>('script.evaluate', {
        expression: `document.querySelector(${JSON.stringify(hostSelector)})`,
        target: { context },
        awaitPromise: false,
        resultOwnership: 'none',
        serializationOptions: { maxDomDepth: 0, includeShadowTree: 'all' },
      });
      const root = (host.result?.value as { shadowRoot?: { sharedId?: string } } | undefined)?.shadowRoot?.sharedId;
      if (!root) return undefined;
      const result = await send<EvaluateResult>('script.callFunction', {
        functionDeclaration: `async (root) => JSON.stringify(await (${fn})(root))`,
        target: { context },
        arguments: [{ sharedId: root }],
        awaitPromise: true,
        resultOwnership: 'none',
      });
      if (result.type === 'exception') throw new Error(`script error: ${result.exceptionDetails?.text ?? 'unknown'}`);
      const value = result.result?.value;
      return (typeof value === 'string' ? JSON.parse(value) : undefined) as T | undefined;
    },
    async waitFor<T>(context: string, expression: string, timeoutMs: number, what: string): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      let last: T | undefined;
      for (;;) {
        last = await evaluate<T>(context, expression);
        if (last) return last;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
        await new Promise((done) => setTimeout(done, 100));
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      const exited = new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) done();
        else child.once('exit', () => done());
      });
      await Promise.race([send('browser.close').catch(() => undefined), new Promise((done) => setTimeout(done, 5_000))]);
      socket.close();
      await Promise.race([exited, new Promise((done) => setTimeout(done, 5_000))]);
      cleanup();
    },
  };
}
