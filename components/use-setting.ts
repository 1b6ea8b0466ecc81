/** The one way UI code follows a stored setting (options page, popup). */
import { useEffect, useState } from 'preact/hooks';
import { followSetting, type Setting } from '@/utils/settings';

/** What went wrong with a setting: it could not be read, or the last change could not be stored. */
export type SettingProblem = 'read' | 'save';

/**
 * A setting's value, kept current while the component is mounted (undefined until read, and when it
 * cannot be read); a setter that records a value the caller stored itself, without waiting for the
 * storage's change event; and whether reading failed.
 */
export function useStoredValue<T>(setting: Setting<T>): [T | undefined, (value: T) => void, boolean] {
  const [value, setValue] = useState<T>();
  const [readFailed, setReadFailed] = useState(false);
  useEffect(() => {
    let live = true;
    let unwatch: (() => void) | undefined;
    try {
      ({ unwatch } = followSetting(
        setting,
        (stored) => live && setValue(() => stored),
        () => live && setReadFailed(true),
      ));
    } catch {
      // No storage to watch: the value read once will do.
    }
    return () => {
      live = false;
      unwatch?.();
    };
  }, [setting]);
  return [value, (next: T) => setValue(() => next), readFailed];
}

/**
 * A setting bound to a control: its value (undefined until read, so controls stay disabled rather than
 * show a guess), a function that stores a new one (shown at once, put back if storing fails; `onSaved`
 * runs once it is stored), and what went wrong, if anything. Follows changes made elsewhere.
 */
export function useSetting<T>(setting: Setting<T>, onSaved?: () => unknown): [T | undefined, (next: T) => void, SettingProblem | undefined] {
  const [value, record, readFailed] = useStoredValue(setting);
  // Once the reader changes the setting, the outcome of that change is what counts, not the first read's.
  const [lastChange, setLastChange] = useState<'stored' | 'failed'>();
  const change = (next: T) => {
    const previous = value;
    record(next);
    setLastChange('stored');
    setting.setValue(next).then(
      () => onSaved?.(),
      () => {
        if (previous !== undefined) record(previous);
        setLastChange('failed');
      },
    );
  };
  const problem = lastChange === 'failed' ? 'save' : lastChange === undefined && readFailed ? 'read' : undefined;
  return [value, change, problem];
}
