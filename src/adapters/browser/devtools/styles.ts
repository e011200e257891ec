/** The panel's look, scoped to its shadow root: nothing here reaches the page. */
export const PANEL_CSS = `
:host { all: initial; }
.panel {
  box-sizing: border-box; width: 360px; max-height: 70vh; overflow: auto;
  font: 12px/1.4 system-ui, sans-serif; color: #1b1f24; background: #fff;
  border: 1px solid #8c959f; border-radius: 6px; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.25);
}
header {
  display: flex; align-items: center; justify-content: space-between; gap: 8px;
  padding: 6px 8px; background: #24292f; color: #fff; border-radius: 5px 5px 0 0;
}
header strong { font-size: 12px; }
.panel.folded section { display: none; }
.panel.folded header { border-radius: 5px; }
section { padding: 6px 8px; border-top: 1px solid #d0d7de; }
section h2 { margin: 0 0 4px; font-size: 11px; text-transform: uppercase; color: #57606a; }
.row { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
select, input, button { font: inherit; color: inherit; }
select { flex: 1; min-width: 0; }
input[type='number'] { width: 64px; }
button {
  padding: 2px 8px; border: 1px solid #8c959f; border-radius: 4px; background: #f6f8fa;
  cursor: pointer;
}
header button { background: #57606a; color: #fff; border-color: #57606a; }
.muted { color: #57606a; }
.error { color: #cf222e; }
table { width: 100%; border-collapse: collapse; font-family: ui-monospace, monospace; font-size: 11px; }
td { padding: 1px 4px 1px 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 150px; }
tr.earlier { opacity: 0.55; }
td.status.ok { color: #1a7f37; }
td.status.bad { color: #cf222e; font-weight: bold; }
`
