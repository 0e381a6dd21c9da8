// Learn: mirrors src/features/learn/routes.cpp.
import { request } from './client';

export interface Article {
  slug: string;
  title: string;
  html: string; // rendered on the server by cmark in safe mode
}

export const getArticle = (slug: string) => request<Article>('GET', `/api/v1/articles/${encodeURIComponent(slug)}`);
