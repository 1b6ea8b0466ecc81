/** Events oldest first, with the article's own date marked where it falls among them. */
import type { TimelineEvent } from '@/lib/messages';
import { articleDateSlot, chronological } from '@/lib/page/timeline';
import { DateText, EventDates } from './DateText';

export interface TimelineProps {
  events: readonly TimelineEvent[];
  /** "YYYY-MM-DD". */
  articleDate: string;
  /** False when the page states no date and `articleDate` is today. */
  articleDateStated?: boolean;
  onSelect?: (id: string) => void;
}

export function Timeline({ events, articleDate, articleDateStated = true, onSelect }: TimelineProps) {
  const ordered = chronological(events);
  const slot = articleDateSlot(ordered, articleDate);
  const marker = (
    <li class="article-date" data-part="article-date" data-start={articleDate}>
      <span class="date">
        <DateText date={articleDate} />
      </span>
      <span class="label">{articleDateStated ? 'This article' : 'Today (the page states no date)'}</span>
    </li>
  );
  const items = ordered.map((event) => (
    <li key={event.id} class="event" data-event-id={event.id} data-start={event.start}>
      <button type="button" class="row" title={event.description} onClick={() => onSelect?.(event.id)} disabled={!onSelect}>
        <span class="date">
          <EventDates start={event.start} end={event.end} />
        </span>
        <span class="name">{event.name}</span>
      </button>
    </li>
  ));
  return (
    <ol class="timeline">
      {items.slice(0, slot)}
      {marker}
      {items.slice(slot)}
    </ol>
  );
}
