import { t } from '../../i18n';
import { TrianglePicture } from '../home/FirstRun';

export function Welcome({ joinCode }: { joinCode?: string }) {
  const suffix = joinCode ? `?join=${encodeURIComponent(joinCode)}` : '';
  return (
    <main class="welcome" id="main">
      <TrianglePicture small />
      <h1>rekindle</h1>
      <p class="lead">{t('welcome.lead')}</p>
      {joinCode && <p class="notice notice--info" role="status">{t('welcome.invited')}</p>}
      <div class="actions">
        <a class="button" href={`/signup${suffix}`}>{t('welcome.create')}</a>
        <a class="button button--quiet" href={`/signin${suffix}`}>{t('signin.action')}</a>
      </div>
      <ul class="promises">
        <li>{t('welcome.promise1')}</li>
        <li>{t('welcome.promise2')}</li>
        <li>{t('welcome.promise3')}</li>
      </ul>
    </main>
  );
}
