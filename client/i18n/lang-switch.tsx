import { getLang, setLang, t, useLang } from './t';
import './lang-switch.css';

/** A button to the other language, for pages with a keyboard or a finger (walls use `?lang=`). */
export function LangSwitch() {
  useLang();
  return (
    <button
      type="button"
      className="lang-switch"
      data-testid="lang-switch"
      onClick={() => setLang(getLang() === 'en' ? 'zh-CN' : 'en')}
    >
      {t('lang.switch')}
    </button>
  );
}
