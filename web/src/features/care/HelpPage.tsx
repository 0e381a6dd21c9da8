// Help lines on a page of their own, linked from every care page.
import { t } from '../../i18n';
import { HelpLines } from './HelpLines';

export function HelpPage() {
  return (
    <main id="main" class="narrow">
      <h1>{t('care.help.title')}</h1>
      <p>{t('care.help.lead')}</p>
      <HelpLines />
      <p><a href="/care">{t('care.check.back')}</a></p>
    </main>
  );
}
