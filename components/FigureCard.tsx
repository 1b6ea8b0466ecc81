/**
 * The popover card of a figure (a number or a date the article quotes): how it reads, the date it
 * resolves to, its conversions, the knowledge base's value for the same measure nearby, and the
 * events of that date. Same look as the entity card; everything is rendered as text.
 */
import type { FigureCard as FigureCardData, FigureType } from '@/lib/messages';
import { formatCount } from '@/lib/page/format';
import { CardControls } from './Card';
import { DateText } from './DateText';
import { MiniTimeline } from './MiniTimeline';

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

const TYPE_LABELS: Record<FigureType, string> = { quantity: 'Figure', date: 'Date', 'war-day': 'Day of the war' };

type Comparison = FigureCardData['comparisons'][number];

/** "(2021 Russian census)", or "(2019, GeoNames)" when the source does not say its year. */
function comparisonSource({ year, source }: Comparison): string {
  if (year === undefined || source.includes(String(year))) return source;
  return source ? `${year}, ${source}` : String(year);
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
      aria-label={`${figure.text}: Backstory details`}
      data-figure-type={figure.type}
      data-kind="figure"
      data-pinned={pinned ? '' : undefined}
      tabIndex={-1}
    >
      <header data-part="header">
        <span class="title">
          <h2 tabIndex={-1}>{figure.text}</h2>
          <span class="kind" data-part="kind" data-kind="figure">
            {TYPE_LABELS[figure.type]}
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
              <dt>Date</dt>
              <dd data-part="resolved">
                <DateText date={resolved.date} />
                {resolved.basis && (
                  <>
                    {' '}
                    <span class="note">{resolved.basis}</span>
                  </>
                )}
              </dd>
            </>
          )}
          {conversions.length > 0 && (
            <>
              <dt>Converted</dt>
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
        <section class="related" aria-label="For comparison">
          <h3>For comparison</h3>
          <ul class="comparisons" data-part="comparisons">
            {comparisons.map((comparison) => (
              <li key={`${comparison.entity.id}:${comparison.label}`} data-entity-id={comparison.entity.id}>
                {comparison.entity.name}: {formatCount(comparison.value)} {comparison.label}
                {comparisonSource(comparison) && (
                  <>
                    {' '}
                    <span class="period">({comparisonSource(comparison)})</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <MiniTimeline events={events} heading={onADay ? 'On that date' : 'In that period'} onSelect={onRelated} />
      <footer data-part="source">
        <p>
          {articleDateStated ? 'Read against the article date, ' : 'No article date found; read as of today, '}
          <DateText date={articleDate} />
        </p>
      </footer>
    </div>
  );
}
