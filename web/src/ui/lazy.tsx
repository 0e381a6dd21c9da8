// Pages most people never open (a therapist's practice, the operators' console, the
// video call) load on first use, so the first load stays small (design: under 100 KB
// compressed). Each is fetched once; while it loads the page shows a skeleton, and if it
// cannot load (offline before it was ever cached) a way to try again.
import { h, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { t } from '../i18n';
import { LoadError, Skeleton } from './components';

export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  return function LazyPage(props: P) {
    const [state, setState] = useState<'loading' | 'ready' | 'failed'>(loaded ? 'ready' : 'loading');
    const start = () => {
      setState('loading');
      pending ??= load();
      let live = true;
      pending.then(
        (c) => { loaded = c; if (live) setState('ready'); },
        () => { pending = null; if (live) setState('failed'); },
      );
      return () => { live = false; };
    };
    useEffect(() => (loaded ? undefined : start()), []);
    if (loaded && state === 'ready') return h(loaded, props);
    if (state === 'failed') return <main id="main"><LoadError error={new ApiError(0, t('error.generic'))} retry={() => void start()} /></main>;
    return <main id="main"><Skeleton lines={4} /></main>;
  };
}
