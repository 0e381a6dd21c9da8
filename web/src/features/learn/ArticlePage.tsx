import { useEffect, useState } from 'preact/hooks';
import { getArticle, type Article } from '../../api/learn';
import { Notice } from '../../ui/components';

export function ArticlePage({ slug }: { slug: string }) {
  const [article, setArticle] = useState<Article | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getArticle(slug).then(setArticle, (e) => setError(e.detail ?? 'This article could not be loaded.'));
  }, [slug]);
  if (error) return <main id="main"><Notice kind="error">{error}</Notice></main>;
  if (!article) return <main id="main"><p aria-busy="true">Loading…</p></main>;
  return (
    <main id="main" class="article">
      <h1>{article.title}</h1>
      {/* Our own Markdown, rendered by the server with raw HTML removed. */}
      <div dangerouslySetInnerHTML={{ __html: article.html }} />
      <p><a href="/me">Back to your triangle</a></p>
    </main>
  );
}
