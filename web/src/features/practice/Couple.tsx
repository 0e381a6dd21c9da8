// One couple in a therapist's care (/practice/couples/{id}/{section}): a page of
// sections, one shown at a time — the room, what the partners share, their outcomes,
// the therapist's notes. A section is one entry of SECTIONS.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { getTherapistCouple, type TherapistCouple } from '../../api/care';
import { formatList, t, type Key } from '../../i18n';
import { BackLink, LoadError, Notice, Skeleton } from '../../ui/components';
import { SharedPage } from '../consent/Shared';
import { Notes } from '../notes/Notes';
import { CourseSection } from '../outcomes/Course';
import { CoupleRoom } from '../room/CoupleRoom';

interface SectionProps {
  couple: TherapistCouple;
  href: string; // the section's own address
  rest: string[]; // what follows it in the address
}
const SECTIONS: { path: string; label: Key; render: (p: SectionProps) => JSX.Element }[] = [
  { path: 'room', label: 'practice.couple.room', render: (p) => <CoupleRoom couple={p.couple.id} href={p.href} thread={p.rest[0]} /> },
  { path: 'shared', label: 'practice.couple.shared', render: (p) => <SharedPage couple={p.couple.id} /> },
  { path: 'outcomes', label: 'practice.couple.outcomes', render: (p) => <CourseSection couple={p.couple.id} /> },
  { path: 'notes', label: 'practice.couple.notes', render: (p) => <Notes couple={p.couple.id} names={formatList(p.couple.partners.map((x) => x.display_name))} /> },
];

export const coupleHref = (id: string) => `/practice/couples/${encodeURIComponent(id)}`;

// `path`: the page's address below /practice/couples/{id}, split.
export function CouplePage({ id, path }: { id: string; path: string[] }) {
  const [couple, setCouple] = useState<TherapistCouple | ApiError | null>(null);
  const load = () => getTherapistCouple(id).then(setCouple, (e: ApiError) => setCouple(e));
  useEffect(() => { void load(); }, []);
  const section = SECTIONS.find((s) => s.path === path[0]) ?? SECTIONS[0];
  const names = couple && !(couple instanceof ApiError) ? couple.partners.map((p) => p.display_name).join(' & ') : '';

  let body;
  if (couple === null) body = <Skeleton lines={4} />;
  else if (couple instanceof ApiError) body = <LoadError error={couple} retry={load} />;
  else {
    const href = `${coupleHref(id)}/${section.path}`;
    body = (
      <>
        <nav class="tabs tabs--split" aria-label={t('practice.couple.sections', { names })}>
          {SECTIONS.map((s) => (
            <a key={s.path} href={`${coupleHref(id)}/${s.path}`} aria-current={s === section ? 'page' : undefined}>{t(s.label)}</a>
          ))}
        </nav>
        {couple.status !== 'accepted' && <Notice>{t('practice.couple.ended')}</Notice>}
        {section.render({ couple, href, rest: path.slice(1) })}
      </>
    );
  }
  return (
    <>
      <BackLink href="/practice/couples" label={t('practice.title.couples')} />
      <h1>{names || t('practice.couple.title')}</h1>
      {body}
    </>
  );
}
