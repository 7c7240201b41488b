/** The grid worker's phone report form: to come (issue: the two faces). */
export function ReportPage() {
  return (
    <div className="placeholder-page">
      <h1>网格员上报 · Field report</h1>
      <p>建设中。</p>
    </div>
  );
}
