/** A card's short list of events (date, name), under a heading; nothing when there are none. */
import type { TimelineEvent } from '@/lib/messages';
import { EventDates } from './DateText';

export function MiniTimeline({ events, heading }: { events: readonly TimelineEvent[]; heading: string }) {
  if (events.length === 0) return null;
  return (
    <section class="related" aria-label={heading}>
      <h3>{heading}</h3>
      <ol class="mini-timeline" data-part="events">
        {events.map((event) => (
          <li key={event.id} data-event-id={event.id} data-start={event.start}>
            <span class="date">
              <EventDates start={event.start} end={event.end} />
            </span>
            <span class="event-name">{event.name}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
