import type { PartialDate } from '@/lib/pack/types';
import { formatEventDates, formatPartialDate } from '@/utils/format';

/** A partial date as readable text inside a <time> element (machine-readable value kept). */
export function DateText({ date }: { date: PartialDate }) {
  return <time dateTime={date}>{formatPartialDate(date)}</time>;
}

/** An event's start (and end, when it has one). */
export function EventDates({ start, end }: { start: PartialDate; end?: PartialDate }) {
  return <time dateTime={start}>{formatEventDates(start, end)}</time>;
}
