/** A checkbox bound to a yes/no setting: shows the stored value, stores changes, follows changes made elsewhere. */
import { i18n } from '#i18n';
import type { BooleanSetting } from '@/utils/settings';
import { useSetting } from './use-setting';

export interface SettingToggleProps {
  setting: BooleanSetting;
  label: string;
  /** One line on what the setting does. */
  hint?: string;
  /** The checkbox's `data-part` (test hook). */
  part: string;
}

export function SettingToggle({ setting, label, hint, part }: SettingToggleProps) {
  const [value, change, problem] = useSetting(setting);

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
      {problem && (
        <p class="error" role="alert">
          {i18n.t('display.settingFailed')}
        </p>
      )}
    </div>
  );
}
