// The journal: private entries, written and read here; searched only when the person
// asks (the server opens their own entries for that one request; nothing is indexed);
// shared with the partner one entry at a time, with a switch that says who can read it.
// Entries the partner shares are listed under "Shared with you".
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { getCouple, partnerName } from '../../api/couples';
import {
  deleteJournal, editJournal, getJournal, getShared, LIMITS, listJournal, searchJournal, setJournalShared, sharedWithMe, writeJournal,
  type JournalEntry, type JournalListItem, type Page, type SearchAnswer, type SharedEntry, type SharedListItem,
} from '../../api/selfcare';
import { formatDate, t } from '../../i18n';
import { Card, LoadError, Notice, Privacy, Skeleton, TextField, Toggle, useAction } from '../../ui/components';
import { forgetDraft, useDraft } from '../../ui/drafts';
import { Icon } from '../../ui/icons';
import { navigate } from '../../ui/router';
import { MeTabs } from '../me/MeTabs';

const toApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, t('error.generic')));
const titleOf = (e: { title: string }) => e.title || t('journal.untitled');
// The partner's name, or null when not in a couple.
const partner = () => getCouple().then((c) => (c ? partnerName(c) ?? t('partner.fallback') : null));

export function Journal({ path }: { path: string }) {
  const rest = path.replace(/^\/me\/journal\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (rest[0] === 'new') return <Write />;
  if (rest[0] === 'shared' && rest[1]) return <SharedRead id={rest[1]} />;
  if (rest[0]) return <EntryPage id={rest[0]} />;
  return <Overview />;
}

function Frame({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <main id="main">
      <h1>{title}</h1>
      <MeTabs path="/me/journal" />
      {children}
    </main>
  );
}

const BackLink = ({ href = '/me/journal', label = t('journal.all') }: { href?: string; label?: string }) => (
  <p><a href={href} class="back-link"><Icon name="back" size={18} />{label}</a></p>
);

// --- the list, search and what the partner shares ---------------------------------------

interface Lists {
  mine: Page<JournalListItem>;
  shared: Page<SharedListItem>;
  partner: string | null;
}

function Overview() {
  const [data, setData] = useState<Lists | ApiError | null>(null);
  const load = () => Promise.all([listJournal(), sharedWithMe(), partner()])
    .then(([mine, shared, name]) => setData({ mine, shared, partner: name }), (e) => setData(toApiError(e)));
  useEffect(() => { void load(); }, []);
  const more = useAction(async () => {
    if (!data || data instanceof ApiError || !data.mine.next_before) return;
    const next = await listJournal(data.mine.next_before);
    setData({ ...data, mine: { entries: [...data.mine.entries, ...next.entries], next_before: next.next_before } });
  });
  return (
    <Frame title={t('journal.title')}>
      <p class="lead-small">{t('journal.lead')}</p>
      <p><a class="button" href="/me/journal/new">{t('journal.write')}</a></p>
      <Search />
      {data instanceof ApiError ? <LoadError error={data} retry={() => { setData(null); void load(); }} />
        : !data ? <Skeleton lines={3} label={t('journal.loading')} />
        : (
          <>
            <Card title={t('journal.mine')} id="mine-title">
              {data.mine.entries.length === 0 ? <p>{t('journal.none')}</p> : (
                <ul class="entries" data-testid="journal-entries">
                  {data.mine.entries.map((e) => (
                    <li key={e.id} class="entry">
                      <a class="entry__title" href={`/me/journal/${encodeURIComponent(e.id)}`}>{titleOf(e)}</a>
                      <p class="muted small">
                        {formatDate(e.created_at)}
                        {e.shared && <> · <span class="badge">{t('journal.sharedBadge', { name: data.partner ?? t('partner.fallback') })}</span></>}
                      </p>
                      {e.excerpt && <p class="entry__excerpt">{e.excerpt}</p>}
                    </li>
                  ))}
                </ul>
              )}
              {more.generalError && <Notice kind="error">{more.generalError}</Notice>}
              {data.mine.next_before && <button type="button" class="button button--quiet" disabled={more.busy} onClick={() => more.run()}>{t('journal.more')}</button>}
            </Card>
            <Card title={t('journal.sharedWithYou')} id="shared-title">
              {data.shared.entries.length === 0 ? (
                <p>{data.partner ? t('journal.sharedNone', { name: data.partner }) : t('journal.sharedNoPartner')}</p>
              ) : (
                <ul class="entries" data-testid="shared-entries">
                  {data.shared.entries.map((e) => (
                    <li key={e.id} class="entry">
                      <a class="entry__title" href={`/me/journal/shared/${encodeURIComponent(e.id)}`}>{titleOf(e)}</a>
                      <p class="muted small">{t('journal.sharedOn', { name: data.partner ?? t('partner.fallback'), date: formatDate(e.shared_at) })}</p>
                      {e.excerpt && <p class="entry__excerpt">{e.excerpt}</p>}
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </>
        )}
    </Frame>
  );
}

// Search runs only when the person presses the button, and goes on to older entries
// only when they ask again.
function Search() {
  const [q, setQ] = useState('');
  const [answer, setAnswer] = useState<(SearchAnswer & { q: string }) | null>(null);
  const search = useAction(async (older?: boolean) => {
    const query = older && answer ? answer.q : q.trim();
    if (!query) return;
    const next = await searchJournal(query, older && answer ? answer.next_before ?? undefined : undefined);
    setAnswer(older && answer
      ? { ...next, q: query, results: [...answer.results, ...next.results], scanned: answer.scanned + next.scanned }
      : { ...next, q: query });
  });
  return (
    <section class="search" aria-labelledby="search-title">
      <h2 id="search-title" class="sr-only">{t('journal.searchTitle')}</h2>
      <form role="search" onSubmit={(e) => { e.preventDefault(); void search.run(false); }} noValidate>
        <div class={`field${search.error?.fieldMessage('q') ? ' field--error' : ''}`}>
          <label for="journal-q">{t('journal.searchLabel')}</label>
          <p class="hint" id="journal-q-hint">{t('journal.searchHint')}</p>
          <div class="search__row">
            <input id="journal-q" type="search" value={q} maxLength={LIMITS.query} aria-describedby="journal-q-hint"
              onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
            <button type="submit" class="button" disabled={search.busy || q.trim() === ''}>{t('journal.search')}</button>
          </div>
          {search.error?.fieldMessage('q') && <p class="error" role="alert">{search.error.fieldMessage('q')}</p>}
        </div>
      </form>
      {search.generalError && <Notice kind="error">{search.generalError}</Notice>}
      {answer && (
        <div class="search__results" aria-live="polite" data-testid="search-results">
          <p><strong>{answer.results.length ? t('journal.found', { count: answer.results.length }) : t('journal.foundNone')}</strong></p>
          {answer.results.length > 0 && (
            <ul class="entries">
              {answer.results.map((r) => (
                <li key={r.id} class="entry">
                  <a class="entry__title" href={`/me/journal/${encodeURIComponent(r.id)}`}>{titleOf(r)}</a>
                  <p class="muted small">{formatDate(r.created_at)}</p>
                  <p class="entry__excerpt">{r.snippet}</p>
                </li>
              ))}
            </ul>
          )}
          {answer.limit_reached && (
            <p class="muted small">
              {t('journal.searchedSome', { count: answer.scanned })}{' '}
              <button type="button" class="link-button" disabled={search.busy} onClick={() => search.run(true)}>{t('journal.searchOlder')}</button>
            </p>
          )}
        </div>
      )}
    </section>
  );
}

// --- writing and changing an entry ------------------------------------------------------

// Title and body, kept as drafts under `draft` until saved (a failed save loses nothing).
function EntryForm({ draft, initial, submitLabel, onSave, onCancel }: {
  draft: string; initial?: { title: string; body: string }; submitLabel: string;
  onSave: (fields: { title: string; body: string }) => Promise<unknown>; onCancel?: () => void;
}) {
  const [title, setTitle] = useDraft(`${draft}-title`, initial?.title ?? '');
  const [body, setBody] = useDraft(`${draft}-body`, initial?.body ?? '');
  const save = useAction(async () => {
    await onSave({ title: title.trim(), body });
    // Saved: the drafts go (the form may be gone already).
    forgetDraft(`${draft}-title`);
    forgetDraft(`${draft}-body`);
  });
  const bodyError = save.error?.fieldMessage('body');
  return (
    <form onSubmit={save.submit} noValidate>
      {save.generalError && <Notice kind="error">{save.generalError}</Notice>}
      <TextField id="journal-title" label={t('journal.titleLabel')} hint={t('journal.titleHint')} value={title} onInput={setTitle}
        maxLength={LIMITS.title} error={save.error?.fieldMessage('title')} />
      <div class={`field${bodyError ? ' field--error' : ''}`}>
        <label for="journal-body">{t('journal.bodyLabel')}</label>
        <textarea id="journal-body" rows={12} maxLength={LIMITS.body} value={body} aria-invalid={bodyError ? 'true' : undefined}
          aria-describedby={bodyError ? 'journal-body-error' : undefined} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} />
        {bodyError && <p class="error" id="journal-body-error" role="alert">{bodyError}</p>}
      </div>
      <button type="submit" class="button" disabled={save.busy || body.trim() === ''}>{submitLabel}</button>
      {onCancel && <button type="button" class="button button--quiet" onClick={onCancel}>{t('journal.cancel')}</button>}
    </form>
  );
}

function Write() {
  return (
    <Frame title={t('journal.new')}>
      <BackLink />
      <Card>
        <EntryForm draft="journal-new" submitLabel={t('journal.save')}
          onSave={async (fields) => { const e = await writeJournal(fields); navigate(`/me/journal/${encodeURIComponent(e.id)}`, { replace: true }); }} />
        <Privacy>{t('journal.private')}</Privacy>
      </Card>
    </Frame>
  );
}

interface Loaded {
  entry: JournalEntry;
  partner: string | null;
}

function EntryPage({ id }: { id: string }) {
  const [data, setData] = useState<Loaded | ApiError | null>(null);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const load = () => Promise.all([getJournal(id), partner()]).then(([entry, name]) => setData({ entry, partner: name }), (e) => setData(toApiError(e)));
  useEffect(() => { void load(); }, [id]);
  const loaded = data instanceof ApiError ? null : data;
  const share = useAction(async (on: boolean) => {
    if (loaded) setData({ ...loaded, entry: await setJournalShared(id, on) });
  });
  const remove = useAction(async () => {
    await deleteJournal(id);
    navigate('/me/journal', { replace: true });
  });

  if (data instanceof ApiError) return <Frame title={t('journal.title')}><BackLink /><LoadError error={data} retry={() => { setData(null); void load(); }} /></Frame>;
  if (!data) return <Frame title={t('journal.title')}><BackLink /><Skeleton lines={4} label={t('journal.loading')} /></Frame>;
  const { entry } = data;
  const name = data.partner;
  return (
    <Frame title={titleOf(entry)}>
      <BackLink />
      <Card>
        <p class="muted small">
          {formatDate(entry.created_at)}
          {entry.updated_at !== entry.created_at && <> · {t('journal.edited', { date: formatDate(entry.updated_at) })}</>}
        </p>
        {editing ? (
          <EntryForm draft={`journal-${id}`} initial={entry} submitLabel={t('journal.saveChanges')} onCancel={() => setEditing(false)}
            onSave={async (fields) => { setData({ ...data, entry: await editJournal(id, fields) }); setEditing(false); }} />
        ) : (
          <>
            <div class="journal__body" data-testid="journal-body">{entry.body}</div>
            <button type="button" class="button button--quiet" onClick={() => setEditing(true)}>{t('journal.edit')}</button>
          </>
        )}
      </Card>
      <Card title={t('journal.sharing')} id="sharing-title">
        {name ? (
          <>
            <Toggle id="journal-share" label={t('journal.share', { name })} checked={entry.shared} onChange={(on) => share.run(on)} />
            {share.generalError && <Notice kind="error">{share.generalError}</Notice>}
            <Privacy>
              {entry.shared ? (
                <>
                  {t('journal.sharedPrivacy', { name })}{' — '}
                  <button type="button" class="link-button" disabled={share.busy} onClick={() => share.run(false)}>{t('journal.stopSharing')}</button>
                </>
              ) : t('journal.private')}
            </Privacy>
          </>
        ) : (
          <>
            <p>{t('journal.shareNeedsPartner')} <a href="/home">{t('journal.invite')}</a></p>
            <Privacy>{t('journal.private')}</Privacy>
          </>
        )}
      </Card>
      <Card title={t('journal.deleteTitle')} id="delete-title">
        {remove.generalError && <Notice kind="error">{remove.generalError}</Notice>}
        {confirming ? (
          <div class="confirm">
            <p>{entry.shared && name ? t('journal.deleteSharedQuestion', { name }) : t('journal.deleteQuestion')}</p>
            <button type="button" class="button button--danger" disabled={remove.busy} onClick={() => remove.run()}>{t('journal.delete')}</button>
            <button type="button" class="button button--quiet" onClick={() => setConfirming(false)}>{t('journal.keep')}</button>
          </div>
        ) : (
          <button type="button" class="button button--quiet" onClick={() => setConfirming(true)}>{t('journal.delete')}</button>
        )}
      </Card>
    </Frame>
  );
}

// An entry the partner shares, to read.
function SharedRead({ id }: { id: string }) {
  const [data, setData] = useState<{ entry: SharedEntry; partner: string | null } | ApiError | null>(null);
  const load = () => Promise.all([getShared(id), partner()]).then(([entry, name]) => setData({ entry, partner: name }), (e) => setData(toApiError(e)));
  useEffect(() => { void load(); }, [id]);
  const back = <BackLink label={t('journal.sharedWithYou')} />;
  if (data instanceof ApiError) return <Frame title={t('journal.title')}>{back}<LoadError error={data} retry={() => { setData(null); void load(); }} /></Frame>;
  if (!data) return <Frame title={t('journal.title')}>{back}<Skeleton lines={4} label={t('journal.loading')} /></Frame>;
  const name = data.partner ?? t('partner.fallback');
  return (
    <Frame title={titleOf(data.entry)}>
      {back}
      <Card>
        <p class="muted small">{t('journal.sharedOn', { name, date: formatDate(data.entry.shared_at) })}</p>
        <div class="journal__body" data-testid="journal-body">{data.entry.body}</div>
        <Privacy>{t('journal.sharedToYou', { name })}</Privacy>
      </Card>
    </Frame>
  );
}
