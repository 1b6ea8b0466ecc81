/**
 * The toolbar popup: the site switch, what the current page names (click to jump to a mention), and the
 * events behind it by year with the article's date marked, narrowed by filter chips.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { EntityList } from '@/components/EntityList';
import { FilterChips } from '@/components/FilterChips';
import { KnowledgeNotice } from '@/components/KnowledgeNotice';
import { SiteSwitch, offState } from '@/components/SiteSwitch';
import { useStoredValue } from '@/components/use-setting';
import { Timeline } from '@/components/Timeline';
import type { PageSummary, TimelineEvent } from '@/lib/messages';
import { localIsoDate } from '@/lib/page/article-date';
import { eventCounts, filterEvents } from '@/lib/page/timeline';
import { formatPartialDate, formatAlternatives } from '@/utils/format';
import { sendToBackground, sendToTab } from '@/utils/messaging';
import { backstoryEnabled, disabledSites } from '@/utils/settings';
import { packMessage } from '@/components/PackText';

/** How long to wait after a switch before asking the page again, so its content script has seen the change. */
const RECHECK_MS = 250;
/** How many times to ask before saying the page needs a reload. */
const RECHECK_ATTEMPTS = 4;

type State =
  | { status: 'loading' }
  | { status: 'unreachable' }
  | { status: 'scanning' }
  | { status: 'ready'; summary: PageSummary };

export function PopupApp({ tabId }: { tabId: Promise<number | undefined> }) {
  const [tab, setTab] = useState<number>();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [enabled, setEnabled] = useStoredValue(backstoryEnabled);
  const [sites, setSites] = useStoredValue(disabledSites);

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

  // Whether the page was marked when the popup opened: turning Backstory off then leaves changes a reload undoes.
  const pageRead = useRef<boolean>();
  if (pageRead.current === undefined && state.status === 'ready') pageRead.current = state.summary.disabled === undefined && state.summary.scanned;

  // After a switch (here or elsewhere), ask the page again: its content script follows the settings, and
  // may need a moment to see the change (or to read the page after Backstory is turned back on).
  const settingsKey = enabled === undefined || sites === undefined ? undefined : `${enabled}\n${sites.join('\n')}`;
  const lastKey = useRef<string>();
  const [rechecking, setRechecking] = useState(false);
  const ready = state.status === 'ready';
  useEffect(() => {
    const previous = lastKey.current;
    lastKey.current = settingsKey;
    if (previous === undefined || settingsKey === undefined || previous === settingsKey || tab === undefined || !ready) {
      setRechecking(false);
      return;
    }
    let live = true;
    setRechecking(true);
    (async () => {
      for (let attempt = 0; attempt < RECHECK_ATTEMPTS; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
        if (!live) return;
        try {
          const summary = await sendToTab(tab, 'pageSummary', {});
          if (!live) return;
          setState({ status: 'ready', summary });
          // Done once the page agrees with the settings.
          if (offState(summary.url, enabled, sites, summary.disabled)?.reason !== 'reload') break;
        } catch {
          break;
        }
      }
      if (live) setRechecking(false);
    })();
    return () => {
      live = false;
    };
  }, [settingsKey]);

  const scan = async () => {
    if (tab === undefined) return;
    setState({ status: 'scanning' });
    try {
      setState({ status: 'ready', summary: await sendToTab(tab, 'scanPage', {}) });
    } catch {
      setState({ status: 'unreachable' });
    }
  };

  const summary = state.status === 'ready' ? state.summary : undefined;
  const off = summary && offState(summary.url, enabled, sites, summary.disabled);
  return (
    <main class="popup">
      <header class="popup-head">
        <h1>Backstory</h1>
        {summary && (
          <SiteSwitch
            url={summary.url}
            enabled={enabled}
            sites={sites}
            pageDisabled={summary.disabled}
            pageRead={pageRead.current}
            checking={rechecking}
            onEnabledChange={setEnabled}
            onSitesChange={setSites}
          />
        )}
      </header>
      {state.status === 'loading' && <p class="muted">{i18n.t('popup.reading')}</p>}
      {state.status === 'scanning' && <p class="muted">{i18n.t('popup.scanning')}</p>}
      {state.status === 'unreachable' && (
        <p class="empty" data-part="empty" data-reason="no-content-script">
          {i18n.t('popup.unreachable')}
        </p>
      )}
      {summary && off && <KnowledgeNotice ids={[]} articleDate={summary.articleDate} />}
      {summary && !off && tab !== undefined && <PageReport tabId={tab} summary={summary} onScan={scan} />}
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
          <p>{i18n.t('popup.notArticle')}</p>
          <button type="button" class="primary" onClick={onScan}>
            {i18n.t('popup.scan')}
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
          {i18n.t('popup.nothingFound')}
        </p>
      </>
    );
  }
  const reveal = async (id: string) => {
    try {
      const { found } = await sendToTab(tabId, 'scrollTo', { id });
      setNote(found ? undefined : i18n.t('popup.notOnPage'));
    } catch {
      setNote(i18n.t('popup.pageGone'));
    }
  };
  return (
    <>
      <KnowledgeNotice ids={summary.entities.map((e) => e.id)} articleDate={summary.articleDate} />
      <p class="muted article-line">
        {summary.articleDate ? i18n.t('popup.articleDated', [formatPartialDate(summary.articleDate)]) : i18n.t('popup.noDate')}
      </p>
      {note && (
        <p class="muted" role="status">
          {note}
        </p>
      )}
      <section class="entities-section" aria-label={i18n.t('popup.onThisPage')}>
        <EntityList entities={summary.entities} onSelect={reveal} />
      </section>
      <PageTimeline entities={summary.entities} articleDate={summary.articleDate} onSelect={reveal} />
    </>
  );
}

function PageTimeline({
  entities,
  articleDate,
  onSelect,
}: {
  entities: PageSummary['entities'];
  articleDate?: string;
  onSelect: (id: string) => void;
}) {
  const [events, setEvents] = useState<TimelineEvent[] | 'error'>();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const ids = entities.map((e) => e.id);
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
  const onPage = useMemo(() => new Set(ids), [key]);
  const counts = useMemo(() => (Array.isArray(events) ? eventCounts(events) : undefined), [events]);
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const shown = Array.isArray(events) ? filterEvents(events, selected) : [];
  const selectedNames = entities.filter((e) => selected.has(e.id)).map((e) => e.name);
  return (
    <section class="timeline-section" aria-label={i18n.t('timeline.title')}>
      <h2>{i18n.t('timeline.title')}</h2>
      {events === undefined && <p class="muted">{i18n.t('timeline.loading')}</p>}
      {events === 'error' && <p class="error">{i18n.t('timeline.failed')}</p>}
      {Array.isArray(events) && events.length === 0 && <p class="muted">{i18n.t('timeline.none')}</p>}
      {Array.isArray(events) && events.length > 0 && (
        <>
          <FilterChips entities={entities} selected={selected} onToggle={toggle} onClear={() => setSelected(new Set())} eventCounts={counts} />
          {selected.size > 0 && (
            <p class="muted filter-status" data-part="filter-status" role="status">
              {/* Pack names go in as slots: each isolated, and none can break the message's plural forms. */}
              {packMessage((slot) =>
                shown.length === 0
                  ? i18n.t('timeline.noneInvolve', [formatAlternatives(selectedNames.map(slot))])
                  : i18n.t('timeline.someInvolve', events.length, [String(shown.length), String(events.length), formatAlternatives(selectedNames.map(slot))]),
              )}
            </p>
          )}
          {shown.length > 0 && (
            <Timeline
              events={shown}
              articleDate={articleDate ?? localIsoDate(new Date())}
              articleDateStated={articleDate !== undefined}
              onSelect={onSelect}
              onPage={onPage}
            />
          )}
        </>
      )}
    </section>
  );
}
