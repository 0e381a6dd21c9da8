// Tonight on Home: the next evening with its countdown and "we're starting", or an
// invitation to plan one.
import { ApiError } from '../../api/client';
import { t } from '../../i18n';
import { Card, Skeleton } from '../../ui/components';
import { Tonight, describePlan, useTogether } from './Together';

export function TonightOnHome({ partner }: { partner: string }) {
  const { data, load } = useTogether();
  if (data === null) return <Skeleton lines={2} />;
  if (data instanceof ApiError) return null;  // Home stays useful; the Together page says what went wrong
  if (data.proposal && data.proposal.proposed_by === 'partner')
    return (
      <Card title={t('together.partnerProposed', { name: partner })} id="home-proposal">
        <p>{describePlan(data.proposal)}</p>
        <a class="button" href="/together">{t('together.answer')}</a>
      </Card>
    );
  if (data.next) return <Tonight evening={data.next} partner={partner} onChange={load} compact />;
  return (
    <Card title={t('together.planTitle')} id="home-plan">
      <p>{t('together.homeLead')}</p>
      <a class="button button--quiet" href="/together">{t('together.planAction')}</a>
    </Card>
  );
}
