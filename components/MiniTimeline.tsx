/**
 * A card's short list of events (date, name), under a heading; nothing when there are none. With
 * `onSelect`, each event's name is a button that opens the event's own card.
 */
import type { TimelineEvent } from '@/lib/messages';
import { EventDates } from './DateText';
import { PackText } from './PackText';

export interface MiniTimelineProps {
  events: readonly TimelineEvent[];
  heading: string;
  onSelect?: (id: string) => void;
}

export function MiniTimeline({ events, heading, onSelect }: MiniTimelineProps) {
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
            {onSelect ? (
              <button type="button" class="link event-name" data-part="related" data-entity-id={event.id} data-kind="event" onClick={() => onSelect(event.id)}>
                <PackText text={event.name} />
              </button>
            ) : (
              <span class="event-name">
                <PackText text={event.name} />
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
