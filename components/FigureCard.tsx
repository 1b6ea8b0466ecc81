/**
 * The popover card of a figure (a number or a date the article quotes): how it reads, the date it
 * resolves to, its conversions, the knowledge base's value for the same measure nearby, and the
 * events of that date. Same look as the entity card; everything is rendered as text.
 */
import { i18n } from '#i18n';
import type { Figure, FigureBasis, FigureCard as FigureCardData, FigureType } from '@/lib/messages';
import { formatCount, formatPartialDate } from '@/utils/format';
import { CardControls } from './Card';
import { DateText } from './DateText';
import { MiniTimeline } from './MiniTimeline';
import { packMessage } from './PackText';

export interface FigureCardProps {
  card: FigureCardData;
  /** The date the figure is read against ("YYYY-MM-DD"). */
  articleDate: string;
  /** False when the page states no date and `articleDate` is today. */
  articleDateStated?: boolean;
  /** Opens the card of an event on that date; without it events are plain text. */
  onRelated?: (id: string) => void;
  pinned?: boolean;
  onPin?: () => void;
  onClose?: () => void;
}

function typeLabel(type: FigureType): string {
  return type === 'quantity' ? i18n.t('figure.quantity') : type === 'date' ? i18n.t('figure.date') : i18n.t('figure.warDay');
}

/** "day 685 counted from 24 February 2022 (...)", "fall 2023, as written", "Tuesday read against the article date 9 January 2024". */
export function basisText(figure: Figure, basis: FigureBasis): string {
  switch (basis.kind) {
    case 'war-day':
      return i18n.t('figure.basisWarDay', [String(basis.day), formatPartialDate(basis.from)]);
    case 'as-written':
      return i18n.t('figure.basisAsWritten', [figure.text]);
    case 'article-date':
      return i18n.t('figure.basisArticleDate', [figure.text, formatPartialDate(basis.articleDate)]);
  }
}

type Comparison = FigureCardData['comparisons'][number];

/** "(2021 Russian census)", or "(2019, GeoNames)" when the source does not say its year. `text` puts the pack's words in. */
function comparisonSource({ year, source }: Comparison, text: (words: string) => string = (words) => words): string {
  if (year === undefined || source.includes(String(year))) return source && text(source);
  return source ? `${year}, ${text(source)}` : String(year);
}

export function FigureCard({ card, articleDate, articleDateStated = true, onRelated, pinned, onPin, onClose }: FigureCardProps) {
  const { figure, resolved, conversions, comparisons, events } = card;
  // A day resolves to "on that date"; a month, season or year to a period.
  const onADay = resolved !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(resolved.date);
  return (
    <div
      class="card figure-card"
      role="dialog"
      aria-modal="false"
      aria-label={i18n.t('figure.label', [figure.text])}
      data-figure-type={figure.type}
      data-kind="figure"
      data-pinned={pinned ? '' : undefined}
      tabIndex={-1}
    >
      <header data-part="header">
        <span class="title">
          <h2 tabIndex={-1}>{figure.text}</h2>
          <span class="kind" data-part="kind" data-kind="figure">
            {typeLabel(figure.type)}
          </span>
        </span>
        <CardControls name={figure.text} pinned={pinned} onPin={onPin} onClose={onClose} />
      </header>
      {figure.context && (
        <p class="description" data-part="context">
          {figure.context}
        </p>
      )}
      {(resolved || conversions.length > 0) && (
        <dl class="facts">
          {resolved && (
            <>
              <dt>{i18n.t('figure.date')}</dt>
              <dd data-part="resolved">
                <DateText date={resolved.date} />
                {' '}
                <span class="note">{basisText(figure, resolved.basis)}</span>
              </dd>
            </>
          )}
          {conversions.length > 0 && (
            <>
              <dt>{i18n.t('figure.converted')}</dt>
              <dd data-part="conversions">
                <ul class="conversions">
                  {conversions.map((conversion) => (
                    <li key={conversion}>{conversion}</li>
                  ))}
                </ul>
              </dd>
            </>
          )}
        </dl>
      )}
      {comparisons.length > 0 && (
        <section class="related" aria-label={i18n.t('figure.comparison')}>
          <h3>{i18n.t('figure.comparison')}</h3>
          <ul class="comparisons" data-part="comparisons">
            {comparisons.map((comparison) => (
              <li key={`${comparison.entity.id}:${comparison.measure}`} data-entity-id={comparison.entity.id}>
                {packMessage((slot) => i18n.t('figure.population', [slot(comparison.entity.name), formatCount(comparison.value)]))}
                {comparisonSource(comparison) && (
                  <>
                    {' '}
                    <span class="period">({packMessage((slot) => comparisonSource(comparison, slot))})</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <MiniTimeline events={events} heading={onADay ? i18n.t('figure.onThatDate') : i18n.t('figure.inThatPeriod')} onSelect={onRelated} />
      <footer data-part="source">
        <p>
          {articleDateStated ? i18n.t('figure.readAgainst') : i18n.t('card.noArticleDate')}{' '}
          <DateText date={articleDate} />
        </p>
      </footer>
    </div>
  );
}
