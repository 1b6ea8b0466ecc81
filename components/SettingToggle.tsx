/** A checkbox bound to a yes/no setting: shows the stored value, stores changes, follows changes made elsewhere. */
import { useEffect, useState } from 'preact/hooks';
import type { BooleanSetting } from '@/utils/settings';

export interface SettingToggleProps {
  setting: BooleanSetting;
  label: string;
  /** One line on what the setting does. */
  hint?: string;
  /** The checkbox's `data-part` (test hook). */
  part: string;
}

export function SettingToggle({ setting, label, hint, part }: SettingToggleProps) {
  // Undefined until the stored value is read: the box stays disabled rather than showing a guess.
  const [value, setValue] = useState<boolean>();
  const [error, setError] = useState(false);

  useEffect(() => {
    let live = true;
    setting.getValue().then(
      (stored) => live && setValue(stored),
      () => live && setError(true),
    );
    const unwatch = setting.watch((stored) => live && setValue(stored));
    return () => {
      live = false;
      unwatch();
    };
  }, [setting]);

  const change = (next: boolean) => {
    const previous = value;
    setValue(next);
    setError(false);
    setting.setValue(next).catch(() => {
      setValue(previous);
      setError(true);
    });
  };

  return (
    <div class="setting">
      <label>
        <input
          type="checkbox"
          data-part={part}
          checked={value === true}
          disabled={value === undefined}
          onChange={(event) => change(event.currentTarget.checked)}
        />{' '}
        {label}
      </label>
      {hint && <p class="hint muted">{hint}</p>}
      {error && (
        <p class="error" role="alert">
          The setting could not be saved or read.
        </p>
      )}
    </div>
  );
}
