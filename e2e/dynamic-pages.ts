/**
 * Pages that change after they load, for e2e/dynamic.test.ts and e2e/framework.test.ts: a live blog (posts
 * appended, prepended, hidden ones shown by "load more"), a single-page site (history.pushState and the
 * Navigation API) and an article rendered by Preact. The text is written for these tests.
 */

const HEAD = (title: string, date: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="${date}">
<style>body { font: 16px/1.5 Georgia, serif; max-width: 720px; margin: 2rem auto; } .post { border-top: 1px solid #ccc; } .collapsed { display: none; }</style>
</head>`;

/**
 * A live blog. Its script (the page's own) exposes `addPost(text, where)` ("top" or "bottom"), `loadMore()`
 * (shows the posts hidden by the `hidden` attribute) and `readMore()` (shows a section a class collapses);
 * every post is an element with class "post".
 */
export function liveBlogPage(): string {
  return `${HEAD('Live: talks and strikes, as they happen', '2024-03-02T09:00:00Z')}
<body>
<main>
  <h1>Live: the day's talks and strikes</h1>
  <p class="intro">Follow the day as it unfolds: Volodymyr Zelensky is due to speak in Kyiv this afternoon.</p>
  <section id="feed">
    <article class="post" id="p1"><p>Officials in Kharkiv reported a quiet night after two days of alarms.</p></article>
    <article class="post" id="p2"><p>Emmanuel Macron said the talks would go on through the weekend.</p></article>
    <article class="post" id="p3" hidden><p>Earlier: the port of Odesa reopened to grain ships at dawn.</p></article>
  </section>
  <button id="more" type="button">Load more</button>
  <section class="post collapsed" id="rest"><p>Background: Olaf Scholz hosted the last round of talks.</p></section>
  <button id="read-more" type="button">Read more</button>
</main>
<script>
  let next = 4;
  window.addPost = (text, where) => {
    const post = document.createElement('article');
    post.className = 'post';
    post.id = 'p' + next++;
    const p = document.createElement('p');
    p.textContent = text;
    post.appendChild(p);
    const feed = document.getElementById('feed');
    if (where === 'top') feed.prepend(post); else feed.appendChild(post);
    return post.id;
  };
  window.loadMore = () => document.querySelectorAll('.post[hidden]').forEach((post) => post.removeAttribute('hidden'));
  document.getElementById('more').addEventListener('click', window.loadMore);
  window.readMore = () => document.getElementById('rest').classList.remove('collapsed');
  document.getElementById('read-more').addEventListener('click', window.readMore);
</script>
</body></html>`;
}

const ARTICLES: Record<string, { title: string; date: string; body: string[] }> = {
  a: {
    title: 'Talks in Lisbon end without a deal',
    date: '2024-02-01T08:00:00Z',
    body: ['Delegations met in Lisbon for a third day.', 'Olaf Scholz left before the final session.'],
  },
  b: {
    title: 'Grain corridor reopens',
    date: '2024-05-20T08:00:00Z',
    body: ['Ships left Odesa at first light.', 'Volodymyr Zelensky thanked the crews in a short address.'],
  },
  c: {
    title: 'Summit moves to Moscow',
    date: '2024-07-11T08:00:00Z',
    body: ['The next round will be held in Moscow, officials said.', 'NATO ministers will meet the same week.'],
  },
};

/**
 * A single-page news site: a rail that stays ("Most read", naming Kharkiv) and an article swapped in place.
 * `go(key)` navigates with history.pushState; `navigateTo(key)` with the Navigation API (an intercepted
 * navigation). Both render the article, its title and its published-time meta, as a router would.
 */
export function singlePageSite(): string {
  const articles = JSON.stringify(ARTICLES);
  return `${HEAD(ARTICLES.a!.title, ARTICLES.a!.date)}
<body>
<aside id="rail"><h2>Most read</h2><p>Power returns to Kharkiv after the overnight strikes on the grid.</p></aside>
<main id="app"></main>
<script>
  const articles = ${articles};
  function render(key) {
    const article = articles[key];
    document.title = article.title;
    document.querySelector('meta[property="article:published_time"]').setAttribute('content', article.date);
    const app = document.getElementById('app');
    app.replaceChildren();
    const node = document.createElement('article');
    const h1 = document.createElement('h1');
    h1.textContent = article.title;
    node.appendChild(h1);
    for (const text of article.body) {
      const p = document.createElement('p');
      p.textContent = text;
      node.appendChild(p);
    }
    app.appendChild(node);
  }
  const keyOf = (path) => (path.match(/\\/spa\\/([a-z])$/) || [])[1] || 'a';
  render(keyOf(location.pathname));
  window.go = (key) => { history.pushState({ key }, '', '/spa/' + key); render(key); };
  window.addEventListener('popstate', () => render(keyOf(location.pathname)));
  if (window.navigation) {
    navigation.addEventListener('navigate', (event) => {
      const url = new URL(event.destination.url);
      if (!event.canIntercept || !url.pathname.startsWith('/spa/') || !event.info || event.info.router !== true) return;
      event.intercept({ handler: async () => { await new Promise((r) => setTimeout(r, 30)); render(keyOf(url.pathname)); } });
    });
  }
  window.navigateTo = (key) => navigation.navigate('/spa/' + key, { info: { router: true } }).finished;
</script>
</body></html>`;
}

/**
 * An article rendered by Preact (its UMD build, served beside the page as /preact.js and /hooks.js). The
 * app exposes `window.app`: `edit(i, text)` (a paragraph's state changes: Preact sets its text node's text),
 * `reorder()` (keyed paragraphs reversed: Preact moves the elements), `remove(i)`, `insert(text)`,
 * `tick()` (a counter in a sentence naming Kyiv, in a text node of its own) and `expected()` (the text the
 * state should render, paragraph by paragraph).
 */
export function preactArticlePage(): string {
  return `${HEAD('Framework-rendered: the week in review', '2024-04-04T10:00:00Z')}
<body>
<main id="root"></main>
<script src="/preact.js"></script>
<script src="/hooks.js"></script>
<script>
  const { h, render } = preact;
  const { useState } = preactHooks;
  let nextId = 4;
  const initial = [
    { id: 1, lead: 'Officials in ', name: 'Kharkiv', rest: ' said repairs to the grid would take a week.' },
    { id: 2, lead: 'In a late call, ', name: 'Emmanuel Macron', rest: ' pressed for a ceasefire before the summit.' },
    { id: 3, lead: 'Talks in ', name: 'Lisbon', rest: ' are to resume on Monday.' },
  ];
  function App() {
    const [paras, setParas] = useState(initial);
    const [minutes, setMinutes] = useState(1);
    window.app = {
      edit: (i, text) => setParas((ps) => ps.map((p, j) => (j === i ? { ...p, rest: text } : p))),
      rename: (i, name) => setParas((ps) => ps.map((p, j) => (j === i ? { ...p, name } : p))),
      reorder: () => setParas((ps) => [...ps].reverse()),
      remove: (i) => setParas((ps) => ps.filter((_, j) => j !== i)),
      insert: (name) => setParas((ps) => [{ id: nextId++, lead: 'Just in: ', name, rest: ' is on the agenda.' }, ...ps]),
      tick: () => setMinutes((m) => m + 1),
      expected: () => [...paras.map((p) => p.lead + p.name + p.rest), 'Updated ' + minutes + ' minutes ago from Kyiv.'],
    };
    return h('article', null,
      h('h1', null, 'The week in review'),
      paras.map((p) => h('p', { key: p.id, class: 'para' }, p.lead, h('b', null, p.name), p.rest)),
      h('p', { class: 'ticker' }, 'Updated ', minutes, ' minutes ago from Kyiv.'));
  }
  render(h(App, null), document.getElementById('root'));
</script>
</body></html>`;
}
