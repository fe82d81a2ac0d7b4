/**
 * The ERP page's own look, in light and dark (`data-theme` on the app root). A constant string
 * installed once as a `<style>`, so the page looks the same under Vite and in the browser tests.
 * The Kehu widgets follow the `theme` of the `<kehu-provider>` around them; the page passes its
 * accent colour on as `--kehu-color-accent` so both read as one product.
 */
const css = `
.erp {
  --erp-bg: #f3f5f8; --erp-surface: #ffffff; --erp-text: #1f2328; --erp-muted: #59636e;
  --erp-border: #d1d9e0; --erp-side: #1d2b3a; --erp-side-text: #d5dde6; --erp-side-active: #0f6cbd;
  --erp-accent: #0f6cbd; --erp-row-hover: #eef4fb;
  --kehu-color-accent: var(--erp-accent);
  display: grid; grid-template-columns: 13.5rem 1fr; min-height: 100vh;
  background: var(--erp-bg); color: var(--erp-text); color-scheme: light;
  font: 14px/1.5 system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif;
}
.erp[data-theme='dark'] {
  --erp-bg: #0d1117; --erp-surface: #161b22; --erp-text: #e6edf3; --erp-muted: #9198a1;
  --erp-border: #3d444d; --erp-side: #010409; --erp-side-text: #c9d1d9; --erp-side-active: #1f6feb;
  --erp-accent: #4493f8; --erp-row-hover: #1c2533;
  color-scheme: dark;
}
.erp *, .erp *::before, .erp *::after { box-sizing: border-box; }
.erp a { color: var(--erp-accent); }
.erp-side { background: var(--erp-side); color: var(--erp-side-text); padding: 1rem 0; }
.erp-brand { padding: 0 1.25rem 1rem; border-bottom: 1px solid rgb(255 255 255 / 12%); }
.erp-brand strong { display: block; font-size: 1.15rem; color: #fff; }
.erp-brand span { font-size: 0.8rem; opacity: 0.75; }
.erp-side ul { list-style: none; margin: 0.75rem 0; padding: 0; }
.erp-side a { display: block; padding: 0.55rem 1.25rem; color: inherit; text-decoration: none; border-left: 3px solid transparent; }
.erp-side a:hover { background: rgb(255 255 255 / 6%); }
.erp-side a[aria-current='page'] { background: rgb(255 255 255 / 10%); border-left-color: var(--erp-side-active); color: #fff; font-weight: 600; }
.erp-side a:focus-visible, .erp button:focus-visible, .erp select:focus-visible, .erp input:focus-visible {
  outline: 2px solid var(--erp-accent); outline-offset: 2px;
}
.erp-main { display: flex; flex-direction: column; min-width: 0; }
.erp-top { display: flex; align-items: center; gap: 1rem; padding: 0.6rem 1.5rem; background: var(--erp-surface); border-bottom: 1px solid var(--erp-border); }
.erp-top h1 { font-size: 1.15rem; margin: 0; flex: 1; }
.erp-tools { display: flex; align-items: center; gap: 0.75rem; flex-wrap: wrap; }
.erp button, .erp select, .erp input { font: inherit; color: inherit; }
.erp button { border: 1px solid var(--erp-border); background: var(--erp-surface); border-radius: 6px; padding: 0.3rem 0.75rem; cursor: pointer; }
.erp button.primary { background: var(--erp-accent); border-color: var(--erp-accent); color: #fff; }
.erp button:disabled { opacity: 0.6; cursor: default; }
.erp select, .erp input[type='number'], .erp input[type='search'] { border: 1px solid var(--erp-border); background: var(--erp-surface); border-radius: 6px; padding: 0.25rem 0.5rem; }
.erp-status { margin: 0; padding: 0.4rem 1.5rem; font-size: 0.85rem; color: var(--erp-muted); min-height: 1.9rem; }
.erp-status[data-kind='error'] { color: #cf222e; }
.erp-screen { padding: 1rem 1.5rem 2rem; }
.erp-panel { background: var(--erp-surface); border: 1px solid var(--erp-border); border-radius: 8px; padding: 1rem; }
.erp-panel h2 { font-size: 1rem; margin: 0 0 0.75rem; }
.erp-split { display: grid; grid-template-columns: minmax(0, 1fr) minmax(20rem, 26rem); gap: 1rem; align-items: start; }
.erp-split.wide-side { grid-template-columns: minmax(24rem, 30rem) minmax(0, 1fr); }
.erp-split > * { min-width: 0; }
.erp-panel { overflow-x: auto; }
.erp-tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 1rem; margin-bottom: 1rem; }
.erp-tile { background: var(--erp-surface); border: 1px solid var(--erp-border); border-radius: 8px; padding: 0.8rem 1rem; }
.erp-tile span { display: block; color: var(--erp-muted); font-size: 0.85rem; }
.erp-tile strong { font-size: 1.4rem; font-variant-numeric: tabular-nums; }
.erp table.grid { border-collapse: collapse; width: 100%; }
.erp table.grid caption { text-align: left; font-weight: 600; padding-bottom: 0.5rem; }
.erp table.grid th, .erp table.grid td { padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--erp-border); text-align: left; vertical-align: top; }
.erp table.grid th { color: var(--erp-muted); font-weight: 600; font-size: 0.85rem; white-space: nowrap; }
.erp button { white-space: nowrap; }
.erp-customer-list td:not(:first-child) { white-space: nowrap; }
.erp table.grid .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.erp table.grid tbody tr:hover { background: var(--erp-row-hover); }
.erp table.grid tr[aria-selected='true'] { background: var(--erp-row-hover); }
.erp .muted { color: var(--erp-muted); }
.erp .badge { display: inline-block; padding: 0 0.4rem; border-radius: 4px; border: 1px solid var(--erp-border); font-size: 0.8rem; }
.erp .grade-A { border-color: #1a7f37; color: #1a7f37; }
.erp .grade-B { border-color: #0969da; color: #0969da; }
.erp .grade-C { border-color: #9a6700; color: #9a6700; }
.erp .reasons { margin: 0.2rem 0 0; padding-left: 1rem; font-size: 0.8rem; color: var(--erp-muted); }
.erp .convert { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; margin-top: 0.3rem; }
.erp .convert input { width: 6rem; min-width: 0; }
.erp-detail dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; margin: 0 0 1rem; }
.erp-detail dt { color: var(--erp-muted); }
.erp-detail dd { margin: 0; }
.erp kehu-pipeline-board { --kehu-board-height: 560px; }
.erp-below { margin-top: 1rem; }
.erp .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 60rem) {
  .erp { grid-template-columns: 1fr; }
  .erp-split, .erp-split.wide-side { grid-template-columns: 1fr; }
}
`;

export function installStyles(doc: Document = document): void {
  if (doc.getElementById('erp-styles')) return;
  const style = doc.createElement('style');
  style.id = 'erp-styles';
  style.textContent = css;
  doc.head.append(style);
}
