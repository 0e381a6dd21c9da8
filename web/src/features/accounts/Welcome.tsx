export function Welcome({ joinCode }: { joinCode?: string }) {
  const suffix = joinCode ? `?join=${encodeURIComponent(joinCode)}` : '';
  return (
    <main class="welcome" id="main">
      <div class="welcome__mark" aria-hidden="true">△</div>
      <h1>rekindle</h1>
      <p class="lead">Grow intimacy, passion and commitment — together, at your own pace.</p>
      {joinCode && (
        <p class="notice notice--info" role="status">
          Your partner invited you. Create an account or sign in, and you will join them with code <strong>{joinCode}</strong>.
        </p>
      )}
      <div class="actions">
        <a class="button" href={`/signup${suffix}`}>Create an account</a>
        <a class="button button--quiet" href={`/signin${suffix}`}>Sign in</a>
      </div>
      <ul class="promises">
        <li>What you write is yours. Your partner sees it only when you choose, or when you both do.</li>
        <li>Sexual content stays off unless you switch it on.</li>
        <li>A quick-exit button is on every page once you are signed in.</li>
      </ul>
    </main>
  );
}
