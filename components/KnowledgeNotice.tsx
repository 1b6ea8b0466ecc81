/**
 * The popup's note on how current the knowledge behind a page is: the article is newer than what the packs
 * know, or the last update check failed, and a "Check for updates" button.
 */
import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import type { KnowledgeStatus } from '@/lib/messages';
import { formatYearMonth, partialDateStart } from '@/lib/page/format';
import { formatDateTime } from '@/utils/format';
import { sendToBackground } from '@/utils/messaging';

export interface KnowledgeNoticeProps {
  /** The page's entity ids (empty: all enabled packs count). */
  ids: string[];
  /** The article's own date, "YYYY-MM-DD". */
  articleDate?: string;
}

/** "Knowledge from 2024-06; article from 2025-02" when the article is dated after the knowledge; undefined otherwise. */
export function knowledgeOlderText(knowledgeDate: string | undefined, articleDate: string | undefined): string | undefined {
  if (!knowledgeDate || !articleDate) return undefined;
  const knowledge = partialDateStart(knowledgeDate);
  const article = partialDateStart(articleDate);
  if (!knowledge || !article || article <= knowledge) return undefined;
  return i18n.t('notice.knowledgeOlder', [formatYearMonth(knowledgeDate), formatYearMonth(articleDate)]);
}

/** What to say about the last sync, or undefined when it went well. */
export function syncProblemText(status: KnowledgeStatus): string | undefined {
  const problem = status.lastSyncProblem;
  if (problem?.outcome === 'stale' || (!problem && status.stale)) return i18n.t('notice.stale');
  if (problem) return i18n.t('notice.syncFailed', [problem.error || problem.outcome]);
  return undefined;
}

export function KnowledgeNotice({ ids, articleDate }: KnowledgeNoticeProps) {
  const [status, setStatus] = useState<KnowledgeStatus>();
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string>();
  const [checkNote, setCheckNote] = useState<string>();
  const key = ids.join('\n');

  const ask = () =>
    sendToBackground('knowledgeStatus', { ids }).then(
      (next) => setStatus(next),
      // Nothing to say is better than a scary note about a question that could not be asked.
      () => undefined,
    );

  useEffect(() => {
    let live = true;
    sendToBackground('knowledgeStatus', { ids }).then(
      (next) => live && setStatus(next),
      () => undefined,
    );
    return () => {
      live = false;
    };
    // `key` stands for `ids`: a new array with the same ids must not ask again.
  }, [key]);

  const syncNow = async () => {
    setChecking(true);
    setCheckError(undefined);
    setCheckNote(undefined);
    try {
      const report = await sendToBackground('syncNow', {});
      if (report.outcome === 'not-configured') setCheckNote(i18n.t('notice.noServer'));
      else if (report.outcome === 'updated') setCheckNote(i18n.t('notice.updated'));
      else if (report.outcome === 'up-to-date') setCheckNote(i18n.t('notice.upToDate'));
    } catch (error) {
      setCheckError(error instanceof Error ? error.message : String(error));
    } finally {
      await ask();
      setChecking(false);
    }
  };

  if (!status) return null;
  const older = knowledgeOlderText(status.knowledgeDate, articleDate);
  const problem = syncProblemText(status);

  return (
    <div class={older || problem || checkError ? 'knowledge-notice' : 'knowledge-notice quiet'} data-part="knowledge-notice" role="status">
      {older && (
        <p data-part="knowledge-older" title={i18n.t('notice.knowledgeOlderTitle')}>
          {older}
        </p>
      )}
      <div class="sync-problem">
        {problem && (
          <p data-part="sync-problem" title={status.lastSyncProblem ? formatDateTime(status.lastSyncProblem.at) : undefined}>
            {problem}
          </p>
        )}
        {checkError && (
          <p class="error" data-part="popup-sync-error">
            {i18n.t('notice.checkFailed', [checkError])}
          </p>
        )}
        {checkNote && (
          <p class="muted" data-part="popup-sync-note">
            {checkNote}
          </p>
        )}
        {/* Always offered: a reader may want fresher knowledge before anything looks wrong. */}
        <button type="button" class="small" data-part="popup-sync-now" disabled={checking} onClick={() => void syncNow()}>
          {checking ? i18n.t('notice.checking') : i18n.t('notice.checkNow')}
        </button>
      </div>
    </div>
  );
}
