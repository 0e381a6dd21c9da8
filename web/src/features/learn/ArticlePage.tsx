import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { getArticle, type Article } from '../../api/learn';
import { t } from '../../i18n';
import { LoadError, Skeleton } from '../../ui/components';

export function ArticlePage({ slug }: { slug: string }) {
  const [article, setArticle] = useState<Article | ApiError | null>(null);
  const load = () => getArticle(slug).then(setArticle, (e: ApiError) => setArticle(e));
  useEffect(() => { void load(); }, [slug]);
  if (article instanceof ApiError) return <main id="main"><h1>{t('title.learn')}</h1><LoadError error={article} retry={load} /></main>;
  if (!article) return <main id="main"><Skeleton lines={5} /></main>;
  return (
    <main id="main" class="article">
      <h1>{article.title}</h1>
      {/* Our own Markdown, rendered by the server with raw HTML removed. */}
      <div dangerouslySetInnerHTML={{ __html: article.html }} />
      <p><a href="/me">{t('learn.back')}</a></p>
    </main>
  );
}
