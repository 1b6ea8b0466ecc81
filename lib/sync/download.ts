/**
 * Bounded downloads: every byte read from a pack server is counted against a cap fixed before the
 * request (a catalogue's limit, a file's declared size), under a time limit, with no cookies and no
 * referrer. A response that runs past its cap is cancelled at the cap, so an endless or oversized
 * answer costs at most the cap in memory.
 */
import { concatBytes } from './bytes';

/** A download that failed, with a message meant for the reader ("HTTP 404", "no answer within 20 s"). */
export class DownloadError extends Error {
  override name = 'DownloadError';
}

export interface BoundedFetchOptions {
  fetch: typeof fetch;
  /** Refuse more than this many bytes. */
  maxBytes: number;
  /** The exact size expected (a catalogue file's declared size): fewer bytes is a truncated file. */
  exactBytes?: number;
  /** For the whole request, headers and body. */
  timeoutMs: number;
  /** Cancels the download (another part of the sync failed, the worker is going away). */
  signal?: AbortSignal;
}

/** GET `url` and return its body, or throw a DownloadError saying what went wrong. */
export async function fetchBounded(url: string, options: BoundedFetchOptions): Promise<Uint8Array> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort);
  const seconds = `${Math.round(options.timeoutMs / 100) / 10} s`;
  try {
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: 'GET',
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
        redirect: 'follow',
        signal: controller.signal,
      });
    } catch (error) {
      if (timedOut) throw new DownloadError(`no answer within ${seconds}`);
      throw new DownloadError(`could not connect (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new DownloadError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new DownloadError(`the server announces ${declared} bytes, more than the ${options.maxBytes} allowed`);
    }
    const bytes = await readCapped(response, options.maxBytes, () => (timedOut ? `the download did not finish within ${seconds}` : undefined));
    if (options.exactBytes !== undefined && bytes.length !== options.exactBytes) {
      throw new DownloadError(`got ${bytes.length} bytes instead of the ${options.exactBytes} declared (truncated)`);
    }
    return bytes;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

async function readCapped(response: Response, maxBytes: number, whyAborted: () => string | undefined): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  try {
    return await readStreamCapped(response.body, maxBytes, `more than the ${maxBytes} bytes declared; the download was stopped`);
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError(whyAborted() ?? `the download broke off (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Read a whole stream, cancelling it and throwing a DownloadError(`overflow`) as soon as it passes `maxBytes`. */
async function readStreamCapped(stream: ReadableStream<Uint8Array>, maxBytes: number, overflow: string): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new DownloadError(overflow);
    }
    chunks.push(value);
  }
  return concatBytes(chunks);
}

/** Decompress gzip bytes, refusing output past `maxBytes`, and output of any size but `exactBytes` when given. */
export async function gunzipBounded(bytes: Uint8Array, maxBytes: number, exactBytes?: number): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  let decoded: Uint8Array;
  try {
    decoded = await readStreamCapped(stream, maxBytes, `decompresses to more than the ${maxBytes} bytes declared`);
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError('is not valid gzip');
  }
  if (exactBytes !== undefined && decoded.length !== exactBytes) {
    throw new DownloadError(`decompresses to ${decoded.length} bytes instead of the ${exactBytes} declared`);
  }
  return decoded;
}

/** Parse UTF-8 JSON bytes, or throw a DownloadError. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DownloadError('is not UTF-8 text');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DownloadError(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
