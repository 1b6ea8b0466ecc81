/** The toolbar popup: what the current page names, and the events behind it in date order. */
import { useEffect, useState } from 'preact/hooks';
import { EntityList } from '@/components/EntityList';
import { KnowledgeNotice } from '@/components/KnowledgeNotice';
import { Timeline } from '@/components/Timeline';
import type { PageSummary, TimelineEvent } from '@/lib/messages';
import { localIsoDate } from '@/lib/page/article-date';
import { formatPartialDate } from '@/lib/page/format';
import { sendToBackground, sendToTab } from '@/utils/messaging';

type State =
  | { status: 'loading' }
  | { status: 'unreachable' }
  | { status: 'scanning' }
  | { status: 'ready'; summary: PageSummary };

export function PopupApp({ tabId }: { tabId: Promise<number | undefined> }) {
  const [tab, setTab] = useState<number>();
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    (async () => {
      const id = await tabId.catch(() => undefined);
      if (!live) return;
      if (id === undefined) return setState({ status: 'unreachable' });
      setTab(id);
      try {
        const summary = await sendToTab(id, 'pageSummary', {});
        if (live) setState({ status: 'ready', summary });
      } catch {
        // No content script answers: a browser page, the web store, or a tab loaded before install.
        if (live) setState({ status: 'unreachable' });
      }
    })();
    return () => {
      live = false;
    };
  }, [tabId]);

  const scan = async () => {
    if (tab === undefined) return;
    setState({ status: 'scanning' });
    try {
      setState({ status: 'ready', summary: await sendToTab(tab, 'scanPage', {}) });
    } catch {
      setState({ status: 'unreachable' });
    }
  };

  return (
    <main class="popup">
      <h1>Backstory</h1>
      {state.status === 'loading' && <p class="muted">Reading this page…</p>}
      {state.status === 'scanning' && <p class="muted">Scanning this page…</p>}
      {state.status === 'unreachable' && (
        <p class="empty" data-part="empty" data-reason="no-content-script">
          Backstory can’t read this page. Browser pages and extension stores are off limits; if the page was
          open before Backstory was installed or updated, reload it.
        </p>
      )}
      {state.status === 'ready' && tab !== undefined && <PageReport tabId={tab} summary={state.summary} onScan={scan} />}
    </main>
  );
}

function PageReport({ tabId, summary, onScan }: { tabId: number; summary: PageSummary; onScan: () => void }) {
  const [note, setNote] = useState<string>();
  if (!summary.scanned) {
    return (
      <>
        <KnowledgeNotice ids={[]} articleDate={summary.articleDate} />
        <div class="empty" data-part="empty" data-reason="not-scanned">
          <p>This page doesn’t look like an article, so Backstory left it alone.</p>
          <button type="button" class="primary" onClick={onScan}>
            Scan this page
          </button>
        </div>
      </>
    );
  }
  if (summary.entities.length === 0) {
    return (
      <>
        <KnowledgeNotice ids={[]} articleDate={summary.articleDate} />
        <p class="empty" data-part="empty" data-reason="nothing-found">
          Nothing on this page matches the installed knowledge packs.
        </p>
      </>
    );
  }
  const reveal = async (id: string) => {
    try {
      const { found } = await sendToTab(tabId, 'scrollTo', { id });
      setNote(found ? undefined : 'That one is not named on the page itself.');
    } catch {
      setNote('The page no longer answers; reload it.');
    }
  };
  return (
    <>
      <KnowledgeNotice ids={summary.entities.map((e) => e.id)} articleDate={summary.articleDate} />
      <p class="muted article-line">
        {summary.articleDate ? `Article dated ${formatPartialDate(summary.articleDate)}` : 'The page states no date'}
      </p>
      {note && (
        <p class="muted" role="status">
          {note}
        </p>
      )}
      <EntityList entities={summary.entities} onSelect={reveal} />
      <PageTimeline ids={summary.entities.map((e) => e.id)} articleDate={summary.articleDate} onSelect={reveal} />
    </>
  );
}

function PageTimeline({ ids, articleDate, onSelect }: { ids: string[]; articleDate?: string; onSelect: (id: string) => void }) {
  const [events, setEvents] = useState<TimelineEvent[] | 'error'>();
  const key = ids.join('\n');
  useEffect(() => {
    let live = true;
    sendToBackground('timeline', { ids }).then(
      (found) => live && setEvents(found),
      () => live && setEvents('error'),
    );
    return () => {
      live = false;
    };
    // `key` stands for `ids`: a new array with the same ids must not refetch.
  }, [key]);
  return (
    <section class="timeline-section" aria-label="Timeline">
      <h2>Timeline</h2>
      {events === undefined && <p class="muted">Loading events…</p>}
      {events === 'error' && <p class="error">The timeline could not be loaded.</p>}
      {Array.isArray(events) && events.length === 0 && <p class="muted">No known events involve what this page names.</p>}
      {Array.isArray(events) && events.length > 0 && (
        <Timeline
          events={events}
          articleDate={articleDate ?? localIsoDate(new Date())}
          articleDateStated={articleDate !== undefined}
          onSelect={onSelect}
        />
      )}
    </section>
  );
}
