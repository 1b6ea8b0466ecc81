/** A labelled `<progress>`: determinate when `value` is given (0 to 1), indeterminate otherwise. */
import { useId } from 'preact/hooks';

export interface ProgressBarProps {
  /** What is in progress ("Reading pack.json"): shown above the bar and used as its accessible name. */
  label: string;
  /** Fraction done, 0 to 1; undefined for a step whose length is not known. */
  value?: number;
  /** The bar's `data-part` (test hook). */
  part?: string;
  /** Extra text after the label ("1.2 MB of 3.4 MB"). */
  detail?: string;
}

export function ProgressBar({ label, value, part, detail }: ProgressBarProps) {
  const id = useId();
  const fraction = value === undefined ? undefined : Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
  return (
    <div class="progress">
      <div class="progress-label" id={id}>
        {label}
        {detail && <span class="muted"> · {detail}</span>}
      </div>
      <progress
        // Preact cannot take `value` back off a bar: a new element when it turns (in)determinate.
        key={fraction === undefined ? 'indeterminate' : 'determinate'}
        data-part={part}
        aria-labelledby={id}
        max={1}
        // An absent value makes the bar indeterminate.
        value={fraction}
      >
        {fraction === undefined ? '' : `${Math.round(fraction * 100)}%`}
      </progress>
    </div>
  );
}
