/**
 * The privacy end-to-end test's news site: generated article pages, each with unique markers in its
 * address (path and query) and in its text, served from 127.0.0.1 by a server that logs every request
 * it receives (method, target, headers, body). The text is written for these tests; the names in it are
 * ones the bundled packs know, so that Backstory reads each page and marks it.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface NewsPage {
  /** 1-based. */
  n: number;
  /** `/news/story-<n>-<pathToken>` */
  path: string;
  /** `?ref=<queryToken>&utm_campaign=<queryToken>` */
  query: string;
  /** Unique to the address's path. */
  pathToken: string;
  /** Unique to the address's query. */
  queryToken: string;
  /** Unique to the title. */
  titleToken: string;
  /** Unique to the article text, inside a sentence that names entities. */
  textToken: string;
  /** The sentence of the article that carries `textToken`. */
  secretPhrase: string;
  html: string;
}

const token = (prefix: string) => `${prefix}${randomBytes(6).toString('hex')}`;

const CITIES = ['Kyiv', 'Kharkiv', 'Odesa', 'Zaporizhzhia', 'Kherson', 'Dnipro', 'Lviv', 'Belgorod', 'Mykolaiv', 'Sumy'];
const CAPITALS = ['Warsaw', 'Berlin', 'Paris', 'Brussels', 'Vilnius', 'Prague', 'Helsinki', 'Rome', 'Madrid', 'London'];
const LEADERS = ['Volodymyr Zelenskyy', 'Emmanuel Macron', 'Olaf Scholz', 'Vladimir Putin', 'Sergei Lavrov', 'Dmitry Kuleba', 'António Guterres', 'Jens Stoltenberg'];
const BODIES = ['NATO', 'the European Union', 'the United Nations', 'the Kremlin', 'the International Atomic Energy Agency'];
const TOPICS = ['grain shipments', 'air defence', 'energy repairs', 'prisoner exchanges', 'reconstruction money', 'winter heating', 'rail links', 'mine clearance'];
const WORDS = ['amber', 'heron', 'quartz', 'lantern', 'willow', 'cobalt', 'meadow', 'falcon', 'juniper', 'harbour'];

function pick<T>(list: readonly T[], n: number, step = 1): T {
  return list[(n * step) % list.length]!;
}

/** The pages, each with fresh random markers. */
export function generateNewsPages(count = 20): NewsPage[] {
  return Array.from({ length: count }, (_, i) => newsPage(i + 1));
}

function newsPage(n: number): NewsPage {
  const pathToken = token('p');
  const queryToken = token('q');
  const titleToken = token('t');
  const textToken = token('s');
  const city = pick(CITIES, n);
  const otherCity = pick(CITIES, n + 3);
  const capital = pick(CAPITALS, n, 3);
  const leader = pick(LEADERS, n);
  const otherLeader = pick(LEADERS, n + 5);
  const body = pick(BODIES, n);
  const topic = pick(TOPICS, n);
  const word = pick(WORDS, n, 7);
  const day = String(1 + ((n * 5) % 27)).padStart(2, '0');
  const month = String(1 + (n % 12)).padStart(2, '0');
  const year = 2023 + (n % 3);
  const date = `${year}-${month}-${day}`;
  const headline = `Talks in ${capital} turn to ${topic} for ${city}`;
  const secretPhrase = `Officials in ${city} gave the ${word} briefing the internal reference ${textToken} before ${leader} spoke.`;
  const path = `/news/story-${n}-${pathToken}`;
  const query = `?ref=${queryToken}&utm_campaign=${queryToken}`;
  const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${headline} | The Privacy Ledger ${titleToken}</title>
  <link rel="icon" href="data:,">
  <meta property="og:type" content="article">
  <meta property="article:published_time" content="${date}T08:30:00+00:00">
</head>
<body>
  <header><a href="/">The Privacy Ledger</a></header>
  <main>
    <article>
      <h1>${headline}</h1>
      <p class="byline">By the Test Desk · <time datetime="${date}">${date}</time></p>
      <p>Delegates met in ${capital} on Tuesday to discuss ${topic} for ${city}, where residents have spent
        another week listening for sirens. ${leader} said the talks had been useful but that more work lay ahead.</p>
      <p>${secretPhrase} The notes were shared with a small group of aides and were not published.</p>
      <p>Representatives of ${body} said they would follow the discussion closely. In ${otherCity}, local
        officials asked for help with ${topic} before the colder months, and volunteers set up new supply points.</p>
      <p>${otherLeader} is expected to raise the matter again at the next meeting, according to two people
        familiar with the plans, while ${city} prepares for a long season of repairs.</p>
    </article>
  </main>
</body>
</html>
`;
  return { n, path, query, pathToken, queryToken, titleToken, textToken, secretPhrase, html };
}

export interface LoggedRequest {
  method: string;
  /** The request target exactly as received (path and query). */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface PageServer {
  origin: string;
  /** The full address of a page (path and query). */
  url(page: NewsPage): string;
  /** Every request received, in order. */
  requests: LoggedRequest[];
  close(): Promise<void>;
}

/**
 * Serves each page at its path (any query); anything else is a 404. The pages name no other resource
 * (the icon is a data: URL), so a reader's visit is exactly one request per page.
 */
export async function startPageServer(pages: readonly NewsPage[]): Promise<PageServer> {
  const byPath = new Map(pages.map((page) => [page.path, page]));
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.url ?? '/';
      requests.push({ method: req.method ?? '', url: target, headers: { ...req.headers }, body: Buffer.concat(chunks).toString('utf8') });
      const page = byPath.get(target.split('?', 1)[0]!);
      if (req.method === 'GET' && page) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(page.html);
      } else {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'access-control-allow-origin': '*' });
        res.end('not found\n');
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (page) => origin + page.path + page.query,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
