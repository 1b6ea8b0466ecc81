/**
 * Events oldest first, grouped by the year they started in, with the article's own date marked where it
 * falls among them. Each event shows its dates, name, a short description, and its places and participants
 * as small buttons that jump to their mention on the page.
 */
import { i18n } from '#i18n';
import type { EntitySummary, TimelineEvent } from '@/lib/messages';
import { groupByYear, shortText } from '@/lib/page/timeline';
import { displayText } from '@/lib/pack/display-text';
import { DateText, EventDates } from './DateText';
import { PackText } from './PackText';

export interface TimelineProps {
  events: readonly TimelineEvent[];
  /** "YYYY-MM-DD". */
  articleDate: string;
  /** False when the page states no date and `articleDate` is today. */
  articleDateStated?: boolean;
  /** Clicking an event: jump to the first mention of any of its linked entities (the event's id is passed). */
  onSelect?: (id: string) => void;
  /** Clicking one of an event's places or participants: jump to its mention; defaults to `onSelect`. */
  onSelectEntity?: (id: string) => void;
  /** The ids the page names; other places and participants are shown but cannot be jumped to. */
  onPage?: ReadonlySet<string>;
}

export function Timeline({ events, articleDate, articleDateStated = true, onSelect, onSelectEntity = onSelect, onPage }: TimelineProps) {
  const years = groupByYear(events, articleDate);
  return (
    <div class="timeline">
      {years.map(({ year, rows }) => (
        <section key={year ?? 'undated'} class="timeline-year" aria-label={year ?? i18n.t('timeline.undated')}>
          <h3 class="year" data-part="year">
            {year ?? i18n.t('timeline.undated')}
          </h3>
          <ol>
            {rows.map((row) =>
              row.type === 'article' ? (
                <li key="article-date" class="article-date" data-part="article-date" data-start={row.date}>
                  <span class="date">
                    <DateText date={row.date} />
                  </span>
                  <span class="label">{articleDateStated ? i18n.t('timeline.thisArticle') : i18n.t('timeline.todayNoDate')}</span>
                </li>
              ) : (
                <EventItem key={row.event.id} event={row.event} onSelect={onSelect} onSelectEntity={onSelectEntity} onPage={onPage} />
              ),
            )}
          </ol>
        </section>
      ))}
    </div>
  );
}

function EventItem({
  event,
  onSelect,
  onSelectEntity,
  onPage,
}: {
  event: TimelineEvent;
  onSelect?: (id: string) => void;
  onSelectEntity?: (id: string) => void;
  onPage?: ReadonlySet<string>;
}) {
  const description = shortText(event.description);
  return (
    <li class="event" data-event-id={event.id} data-start={event.start}>
      <button
        type="button"
        class="row"
        title={description !== event.description.trim() ? displayText(event.description) : undefined}
        onClick={() => onSelect?.(event.id)}
        disabled={!onSelect}
      >
        <span class="date">
          <EventDates start={event.start} end={event.end} />
        </span>
        <span class="body">
          <span class="name">
            <PackText text={event.name} />
          </span>
          {description && (
            <span class="description">
              <PackText text={description} />
            </span>
          )}
        </span>
      </button>
      {(event.places.length > 0 || event.participants.length > 0) && (
        <div class="event-entities">
          <EntityButtons label={i18n.t('timeline.where')} entities={event.places} onSelect={onSelectEntity} onPage={onPage} />
          <EntityButtons label={i18n.t('timeline.who')} entities={event.participants} onSelect={onSelectEntity} onPage={onPage} />
        </div>
      )}
    </li>
  );
}

function EntityButtons({
  label,
  entities,
  onSelect,
  onPage,
}: {
  label: string;
  entities: readonly EntitySummary[];
  onSelect?: (id: string) => void;
  onPage?: ReadonlySet<string>;
}) {
  if (entities.length === 0) return null;
  return (
    <span class="entity-buttons" role="group" aria-label={label}>
      <span class="label" aria-hidden="true">
        {label}
      </span>
      {entities.map((entity) => {
        const named = !onPage || onPage.has(entity.id);
        return (
          <button
            key={entity.id}
            type="button"
            class="entity-button"
            data-part="event-entity"
            data-entity-id={entity.id}
            data-kind={entity.kind}
            title={named ? i18n.t('timeline.showOnPage', [entity.name]) : i18n.t('timeline.notOnPage', [entity.name])}
            disabled={!onSelect || !named}
            onClick={() => onSelect?.(entity.id)}
          >
            <PackText text={entity.name} />
          </button>
        );
      })}
    </span>
  );
}
