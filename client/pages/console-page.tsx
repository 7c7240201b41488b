/** The duty officer's console: to come (issue: the two faces). */
export function ConsolePage() {
  return (
    <div className="placeholder-page">
      <h1>值班台 · Duty console</h1>
      <p>
        建设中。实时态势请打开 <a href="/wall">/wall</a>。
      </p>
    </div>
  );
}
