// The first run, right after sign-up: what rekindle is, the triangle in one picture,
// privacy in one line, and sexual content (off unless chosen). Three short steps, each
// skippable; it ends on home, which says what to do next.
import { useState } from 'preact/hooks';
import { updateProfile, type User } from '../../api/accounts';
import { t } from '../../i18n';
import { Moment, Switch } from '../../ui/components';
import { Icon } from '../../ui/icons';

// The triangle: intimacy at the top, passion and commitment at the base.
export function TrianglePicture({ small = false }: { small?: boolean }) {
  return (
    <figure class={`picture${small ? ' picture--small' : ''}`}>
      <svg viewBox="0 0 240 200" role="img" aria-labelledby="picture-title">
        <title id="picture-title">{t('firstRun.pictureLabel')}</title>
        <polygon points="120,24 216,176 24,176" class="picture__triangle" />
        {!small && (
          <>
            <text x="120" y="16" text-anchor="middle" class="picture__label">{t('component.intimacy')}</text>
            <text x="24" y="196" text-anchor="middle" class="picture__label">{t('component.passion')}</text>
            <text x="216" y="196" text-anchor="middle" class="picture__label">{t('component.commitment')}</text>
          </>
        )}
      </svg>
    </figure>
  );
}

export function FirstRun({ user, onUser, onDone, connectedWith }: { user: User; onUser: (u: User) => void; onDone: () => void; connectedWith?: string | null }) {
  const [step, setStep] = useState(0);
  const next = () => {
    if (step === 2) return onDone();
    setStep(step + 1);
    requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
  };
  return (
    <main id="main" class="first-run narrow">
      <p class="check__meta">{t('firstRun.step', { step: step + 1, total: 3 })}</p>
      <div class="progress" aria-hidden="true"><div class="progress__bar" style={{ width: `${((step + 1) / 3) * 100}%` }} /></div>
      {step === 0 && (
        <>
          <h1 tabIndex={-1}>{t('firstRun.whatTitle', { name: user.display_name })}</h1>
          {connectedWith && <Moment title={t('home.connectedTitle', { name: connectedWith })}>{t('home.connectedBody')}</Moment>}
          <p class="lead-left">{t('firstRun.whatBody')}</p>
          <TrianglePicture />
          <ul class="first-run__parts">
            <li><strong>{t('component.intimacy')}</strong> — {t('firstRun.intimacy')}</li>
            <li><strong>{t('component.passion')}</strong> — {t('firstRun.passion')}</li>
            <li><strong>{t('component.commitment')}</strong> — {t('firstRun.commitment')}</li>
          </ul>
        </>
      )}
      {step === 1 && (
        <>
          <h1 tabIndex={-1}>{t('firstRun.privacyTitle')}</h1>
          <p class="first-run__big"><Icon name="lock" size={28} /> {t('firstRun.privacyBody')}</p>
          <p>{t('firstRun.quickExit')}</p>
        </>
      )}
      {step === 2 && (
        <>
          <h1 tabIndex={-1}>{t('firstRun.sexualTitle')}</h1>
          <p>{t('firstRun.sexualBody')}</p>
          <Switch label={t('settings.sexualSwitch')} checked={user.sexual_content}
            save={async (on) => onUser(await updateProfile({ sexual_content: on }))} />
          <p class="muted">{t('firstRun.sexualLater')}</p>
        </>
      )}
      <div class="check__nav">
        <button type="button" class="link-button" onClick={onDone}>{t('firstRun.skip')}</button>
        <button type="button" class="button" onClick={next}>{step === 2 ? t('firstRun.begin') : t('firstRun.next')}</button>
      </div>
    </main>
  );
}
