// The therapist's photo: chosen from a file (checked here for its type and size first),
// looked at before it is sent, then kept by the server without what the file says about
// where and when it was taken; or removed.
import { useState } from 'preact/hooks';
import type { User } from '../../api/accounts';
import { PHOTO_MAX_BYTES, PHOTO_TYPES, photoUrl, removePhoto, uploadPhoto, type Profile } from '../../api/therapists';
import { t, type Key } from '../../i18n';
import { Card, Notice, Privacy, useAction } from '../../ui/components';

// The file as a data: URL (the page's images may come only from rekindle or data:).
const readAsDataUrl = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

export function PhotoPage({ profile, user, onProfile }: { profile: Profile; user: User; onProfile: (p: Profile) => void }) {
  const [chosen, setChosen] = useState<{ file: File; preview: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<Key | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [sent, setSent] = useState(false); // the chosen file was sent: the server's refusal is about it
  // A new address after each change, so the browser does not show the photo it cached.
  const [version, setVersion] = useState(() => Date.now());

  async function choose(input: HTMLInputElement) {
    const file = input.files?.[0];
    setDone(null);
    setChosen(null);
    setSent(false);
    if (!file) return setProblem(null);
    if (!PHOTO_TYPES.includes(file.type)) return setProblem(t('photo.wrongType'));
    if (file.size > PHOTO_MAX_BYTES) return setProblem(t('photo.tooBig'));
    setProblem(null);
    setChosen({ file, preview: await readAsDataUrl(file) });
  }

  const upload = useAction(async () => {
    setSent(true);
    await uploadPhoto(chosen!.file);
    onProfile({ ...profile, has_photo: true });
    setChosen(null);
    setVersion(Date.now());
    setDone('photo.saved');
  });
  const remove = useAction(async () => {
    await removePhoto();
    onProfile({ ...profile, has_photo: false });
    setConfirming(false);
    setDone('photo.removed');
  });
  // The server's reason for refusing a file: its detail, and what is wrong with the file.
  const refusal = sent && upload.error ? [upload.error.detail, upload.error.fieldMessage('photo')].filter(Boolean).join(' ') : undefined;
  const fileError = problem ?? refusal;

  return (
    <>
      <Card title={profile.has_photo ? t('photo.current') : t('photo.none')} id="photo-title">
        {done && <Notice kind="success">{t(done)}</Notice>}
        {profile.has_photo ? (
          <img class="photo" src={photoUrl(user.id, version)} alt={t('photo.currentAlt')} width={240} height={240} />
        ) : (
          <p>{t('photo.noneBody')}</p>
        )}
        <Privacy>{t('photo.privacy')}</Privacy>
        {profile.has_photo && (confirming ? (
          <div class="confirm" role="group" aria-label={t('photo.removeConfirmLabel')}>
            <p>{t('photo.removeQuestion')}</p>
            {remove.generalError && <Notice kind="error">{remove.generalError}</Notice>}
            <button type="button" class="button button--danger" disabled={remove.busy} onClick={() => remove.run()}>{t('photo.remove')}</button>
            <button type="button" class="button button--quiet" onClick={() => setConfirming(false)}>{t('photo.keep')}</button>
          </div>
        ) : (
          <button type="button" class="button button--quiet" onClick={() => setConfirming(true)}>{t('photo.removeStart')}</button>
        ))}
      </Card>

      <Card title={profile.has_photo ? t('photo.replaceTitle') : t('photo.addTitle')} id="photo-add-title">
        <div class={`field${fileError ? ' field--error' : ''}`}>
          <label for="photo-file">{t('photo.choose')}</label>
          <p class="hint" id="photo-file-hint">{t('photo.hint')}</p>
          <input id="photo-file" type="file" accept={PHOTO_TYPES.join(',')} aria-invalid={fileError ? 'true' : undefined}
            aria-describedby={`photo-file-hint${fileError ? ' photo-file-error' : ''}`}
            onChange={(e) => void choose(e.target as HTMLInputElement)} />
          {fileError && <p class="error" id="photo-file-error" role="alert">{fileError}</p>}
        </div>
        {chosen && (
          <>
            <img class="photo" src={chosen.preview} alt={t('photo.previewAlt')} />
            <button type="button" class="button" disabled={upload.busy} onClick={() => upload.run()}>
              {upload.busy ? t('photo.uploading') : t('photo.use')}
            </button>
          </>
        )}
      </Card>
    </>
  );
}
