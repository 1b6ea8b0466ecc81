/**
 * The pages of the isolation and CSP end-to-end tests, written to a directory the demo server serves:
 *
 * - `plain.html`: a short article (names the bundled packs know) with a plain stylesheet: the reference;
 * - `hostile.html`: the same article under `hostile.css`, which does to the card's host everything a
 *   stylesheet can (`* { all: unset }`, `!important` on the host's tag and on `*`, an 80px rem base,
 *   font-size, letter-spacing, text-transform, direction and visibility on html, body and `*`, animations,
 *   Backstory's own token names);
 * - `behaviour.html`: a page with its own hover card on a link around a name, a `title` tooltip, and
 *   listeners that record what the page sees (keys in the bubble and the capture phase, composed paths);
 * - `csp.html` + `csp.css`: the article with no script and no inline style, for a strict Content Security
 *   Policy (`default-src 'none'; style-src 'self'`), which the server adds as a header.
 *
 * The article text is written for these tests.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The marks the tests open: a place in the first paragraph, a person in the second. */
export const KYIV = 'place:kyiv-ua';
export const SHOIGU = 'person:sergei-shoigu';

const HEAD = (title: string, extra: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${title}</title>
  <meta property="og:type" content="article">
  <meta property="article:published_time" content="2024-01-09T10:00:00+00:00">
  ${extra}
</head>`;

const ARTICLE = `<article>
    <h1>Air defence crews work through the night</h1>
    <p>Crews around Kyiv spent another night tracking drones over the river, a week after the strikes that
      damaged two substations and left several districts without heating for a day.</p>
    <p>In Moscow, Sergei Shoigu told a meeting of commanders that the front was stable, while officials in
      Belgorod asked residents near the border to keep using the shelters set up in schools and car parks.</p>
    <p>Repair teams say the grid will hold if the weather stays mild, but they have asked for more spare
      transformers before the end of the month, and for generators for hospitals and water pumps.</p>
  </article>`;

const PLAIN_CSS = `body { margin: 0; padding: 24px 40px; font: 18px/1.6 Georgia, serif; color: #1b1b1b; background: #fbfaf7; }
article { max-width: 680px; }
`;

/** Everything a page's stylesheet could do to a host it cannot see into. */
export const HOSTILE_CSS = `* { all: unset; }
head, script, style, title { display: none !important; }
html { font-size: 80px !important; letter-spacing: 0.4em !important; text-transform: uppercase !important;
  direction: rtl !important; visibility: hidden !important; line-height: 5 !important; color: rgb(255, 0, 255) !important;
  font-family: serif !important; word-spacing: 2em !important; color-scheme: dark !important; background: rgb(40, 40, 40) !important;
  --bs-bg: rgb(255, 0, 0); --bs-text: rgb(0, 255, 0); --bs-font-size-md: 40px; }
body { display: block; font-size: 3rem !important; letter-spacing: 1em !important; text-transform: lowercase !important;
  direction: rtl !important; padding: 0.2rem; }
/* Hidden everywhere but in the body (whose hidden subtrees Backstory does not read). */
:not(body, body *) { visibility: hidden !important; }
body, body * { visibility: visible !important; }
p, h1 { display: block; margin: 0.3rem 0; }
* { font-size: 30px !important; letter-spacing: 6px !important; text-transform: uppercase !important; direction: rtl !important;
  line-height: 3 !important; font-family: cursive !important; text-shadow: 0 0 4px red !important; word-spacing: 20px !important;
  -webkit-text-fill-color: rgb(0, 255, 0) !important; --bs-bg: rgb(255, 0, 0) !important; --bs-text: rgb(0, 255, 0) !important;
  --bs-font-size-md: 40px !important; --bs-radius-xl: 0px !important; }
html { font-size: 80px !important; }
backstory-popover, backstory-popover *, [data-backstory-ui], html > :not(head):not(body) {
  all: unset !important; display: none !important; position: static !important; visibility: hidden !important;
  opacity: 0 !important; transform: scale(0) !important; filter: blur(8px) !important; clip-path: inset(50%) !important;
  width: 1px !important; height: 1px !important; overflow: hidden !important; z-index: -1 !important; pointer-events: none !important;
  contain: strict !important; content-visibility: hidden !important; zoom: 3 !important; mix-blend-mode: difference !important;
  direction: rtl !important; unicode-bidi: bidi-override !important; writing-mode: vertical-rl !important;
  animation: backstory-vanish 1s steps(1) infinite !important; transition: all 10s !important;
  --bs-bg: rgb(255, 0, 0) !important; --bs-text: rgb(0, 255, 0) !important; }
[hidden] { display: block !important; }
@keyframes backstory-vanish { from { opacity: 0; display: none; } to { opacity: 0; display: none; } }
`;

/**
 * The page's own scripts: a hover card on its link, and recorders of what the page can see. `__seen.keys`
 * lists "<where>:<phase>:<type>:<key>" for every listener; `__seen.paths` the composed paths of events
 * the document receives, as tag names (and "#document", "window").
 */
const BEHAVIOUR_SCRIPT = `
window.__seen = { keys: [], paths: [], ownCardShown: 0, linkClicks: 0 };
const describe = (node) => node === window ? 'window' : node === document ? '#document' : node.nodeType === 11 ? '#shadow-root' : (node.localName || node.nodeName);
for (const type of ['keydown', 'keyup', 'keypress', 'beforeinput', 'input', 'copy']) {
  addEventListener(type, (e) => __seen.keys.push('window:capture:' + type + ':' + (e.key || '')), { capture: true });
  document.addEventListener(type, (e) => __seen.keys.push('document:capture:' + type + ':' + (e.key || '')), { capture: true });
  for (const [name, target] of [['window', window], ['document', document], ['html', document.documentElement], ['body', document.body]]) {
    target.addEventListener(type, (e) => __seen.keys.push(name + ':bubble:' + type + ':' + (e.key || '')));
  }
}
for (const type of ['pointerover', 'pointerdown', 'mousedown', 'click', 'focusin', 'focusout', 'keydown', 'keyup']) {
  document.addEventListener(type, (e) => __seen.paths.push({ type, path: e.composedPath().map(describe) }), { capture: true });
}
const link = document.getElementById('own-link');
const own = document.getElementById('own-card');
link.addEventListener('mouseover', () => { own.hidden = false; __seen.ownCardShown++; });
link.addEventListener('mouseout', () => { own.hidden = true; });
link.addEventListener('click', () => { __seen.linkClicks++; });
`;

const BEHAVIOUR_BODY = `<article>
    <h1>Night shifts on the river</h1>
    <p>Engineers near <a id="own-link" href="/elsewhere.html" title="The Ledger's guide to the capital">Kyiv</a> kept
      the pumps running through the night, and the city's water supply held while the substations were repaired.</p>
    <div id="own-card" role="tooltip" hidden style="position:absolute;top:8px;right:8px;padding:8px;background:#ffd;border:1px solid #aa8">
      Our own preview: the capital's utilities in numbers</div>
    <p>In Moscow, Sergei Shoigu told a meeting of commanders that the front was stable, while officials in
      Belgorod asked residents near the border to keep using the shelters set up in schools and car parks.</p>
    <p><label>Comment <input id="comment" type="text"></label></p>
  </article>`;

const CSP_CSS = `body { margin: 0; padding: 24px 40px; font: 18px/1.6 Georgia, serif; color: #1b1b1b; background: #fbfaf7; }
article { max-width: 680px; }
`;

/** Write the pages into `dir` (served as its root). */
export function writeIsolationSite(dir: string): void {
  const files: Record<string, string> = {
    'plain.css': PLAIN_CSS,
    'plain.html': `${HEAD('Plain page', '<link rel="stylesheet" href="plain.css">')}\n<body>\n  ${ARTICLE}\n</body>\n</html>\n`,
    'hostile.css': HOSTILE_CSS,
    'hostile.html': `${HEAD('Hostile page', '<link rel="stylesheet" href="hostile.css">')}\n<body>\n  ${ARTICLE}\n</body>\n</html>\n`,
    'behaviour.html': `${HEAD('A page with its own hover cards', '<link rel="stylesheet" href="plain.css">')}\n<body>\n  ${BEHAVIOUR_BODY}\n  <script>${BEHAVIOUR_SCRIPT}</script>\n</body>\n</html>\n`,
    'csp.css': CSP_CSS,
    'csp.html': `${HEAD('A page with a strict CSP', '<link rel="stylesheet" href="csp.css">')}\n<body>\n  ${ARTICLE}\n</body>\n</html>\n`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}
